import { createConfluenceSnapshotStore } from '../confluence/content-properties';
import { createAdfExportHandler } from './adf-export';

/**
 * The macro's export function (manifest: `adfExport.function` → `handler: index.adfExport`):
 * a static ADF rendering of the macro's last content-property snapshot.
 */
export const adfExport = createAdfExportHandler({
  readSnapshot: (pageId, localId) =>
    createConfluenceSnapshotStore({ sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) }).read({ pageId, localId }),
  clock: { now: () => Date.now() },
  log: (message, meta) => console.warn(JSON.stringify({ message, ...meta })),
});
