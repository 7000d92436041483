/**
 * "Reset demo data": the seed engineering records, a freshly seeded demo site, an empty KVS and queue, and an
 * engineering system that has heard of no documentation yet.
 */
import type { EngineeringSystem } from '../../engineering';
import { seedDemoSite } from '../../platform/confluence';
import type { LocalPlatform } from '../../platform/platform';

/** Puts every store the workbench shows back to its seed state. */
export function resetDemoData(platform: LocalPlatform, engineering: EngineeringSystem): void {
  engineering.admin.reset();
  platform.confluence.admin.reset();
  seedDemoSite(platform.confluence);
  platform.db.exec('DELETE FROM kvs_entries');
  // The sample system's record of where specs are documented (local/engineering/documentation-store.ts).
  platform.db.exec('DELETE FROM eng_doc_pages; DELETE FROM eng_doc_page_specs; DELETE FROM eng_doc_deliveries');
  // Events being delivered right now finish (and delete themselves); the rest are dropped.
  platform.db.exec('DELETE FROM queue_events WHERE in_flight = 0');
  platform.activity.add('confluence', 'demo data reset: seed engineering records, demo site re-seeded, KVS and queue emptied');
}
