import { readSnapshotSigningKey } from '../config';
import { createConfluenceSnapshotStore } from '../confluence/content-properties';
import { errorDetail } from '../domain/error-detail';
import { createLogger } from '../log';
import { createAdfExportHandler } from './adf-export';

const log = createLogger('export');

/**
 * The macro's export function (manifest: `adfExport.function` → `handler: index.adfExport`):
 * a static ADF rendering of the macro's last content-property snapshot — only one the app signed (§13).
 */
export const adfExport = createAdfExportHandler({
  // Export runs without a viewer's page view (no UI-triggered resolver), so as the app.
  readSnapshot: (macro, site) =>
    createConfluenceSnapshotStore({
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      // A missing or unusable signing key leaves every snapshot unverifiable; the export then says so.
      trust: { cloudId: site.cloudId, signer: signingKeyOrNone() },
    }).read(macro),
  clock: { now: () => Date.now() },
  log,
});

function signingKeyOrNone() {
  try {
    return readSnapshotSigningKey();
  } catch (error) {
    log.error('configuration problem: SNAPSHOT_SIGNING_KEY is unusable, so exports show no snapshot', errorDetail(error));
    return undefined;
  }
}
