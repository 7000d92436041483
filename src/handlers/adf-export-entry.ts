import { readSnapshotSigningKey } from '../config';
import { createConfluenceSnapshotStore } from '../confluence/content-properties';
import { createAdfExportHandler } from './adf-export';

/**
 * The macro's export function (manifest: `adfExport.function` → `handler: index.adfExport`):
 * a static ADF rendering of the macro's last content-property snapshot — only one the app signed (§13).
 */
export const adfExport = createAdfExportHandler({
  readSnapshot: (pageId, localId, site) =>
    createConfluenceSnapshotStore({
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      // A missing or unusable signing key leaves every snapshot unverifiable; the export then says so.
      trust: { cloudId: site.cloudId, signer: signingKeyOrNone() },
    }).read({ pageId, localId }),
  clock: { now: () => Date.now() },
  log: (message, meta) => console.warn(JSON.stringify({ message, ...meta })),
});

function signingKeyOrNone() {
  try {
    return readSnapshotSigningKey();
  } catch (error) {
    console.warn(JSON.stringify({ message: 'adf export: SNAPSHOT_SIGNING_KEY is unusable', error: String(error) }));
    return undefined;
  }
}
