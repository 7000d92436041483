/**
 * Entry points named in manifest.yml (`handler: index.<name>`). Only re-exports; each handler
 * converts a Forge shape to domain calls in src/handlers/.
 */
export { resolver } from './handlers/resolver';
export { adfExport } from './handlers/adf-export-entry';
export { changeNotice } from './handlers/change-notice-entry';
export { refreshConsumer } from './handlers/refresh-consumer';
export { adminResolver } from './handlers/admin-resolver';
export { pageEvent } from './handlers/page-event-entry';
export { whereUsedResolver } from './handlers/where-used-resolver';
export { whereUsedQuery } from './handlers/where-used-query-entry';
export { documentationNoticeConsumer } from './handlers/documentation-notice-consumer';
