import { DEFAULT_POINTS_SHARE_PER_HOUR, readPointsSharePerHour, readSnapshotSigningKey } from '../config';
import { createConfluenceSnapshotStore } from '../confluence/content-properties';
import { createInvocationGovernor } from '../deps';
import { errorDetail } from '../domain/error-detail';
import { readAllowListPolicy } from '../kvs/allow-list';
import { createLogger } from '../log';
import { createAdfExportHandler } from './adf-export';

const log = createLogger('export');
const clock = { now: () => Date.now() };

/**
 * The macro's export function (manifest: `adfExport.function` → `handler: index.adfExport`):
 * a static ADF rendering of the macro's last content-property snapshot — only one the app signed (§13).
 */
export const adfExport = createAdfExportHandler({
  // Export runs without a viewer's page view (no UI-triggered resolver), so as the app.
  async readSnapshot(macro, site) {
    const governor = createInvocationGovernor('view', pointsShare());
    try {
      return await createConfluenceSnapshotStore({
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        clock: { now: () => Date.now() },
        // A missing or unusable signing key leaves every snapshot unverifiable; the export then says so.
        trust: { cloudId: site.cloudId, signer: signingKeyOrNone() },
        governor,
      }).read(macro);
    } finally {
      await governor.settle();
    }
  },
  readAllowList: readAllowListPolicy,
  clock,
  log,
});

function pointsShare(): number {
  try {
    return readPointsSharePerHour();
  } catch (error) {
    log.error('configuration problem: CONFLUENCE_POINTS_SHARE_PER_HOUR is unusable; the export uses the default share', errorDetail(error));
    return DEFAULT_POINTS_SHARE_PER_HOUR;
  }
}

function signingKeyOrNone() {
  try {
    return readSnapshotSigningKey();
  } catch (error) {
    log.error('configuration problem: SNAPSHOT_SIGNING_KEY is unusable, so exports show no snapshot', errorDetail(error));
    return undefined;
  }
}
