/** The emulated Confluence Cloud REST v2 service: see confluence-service.ts; seed data in seed-demo-site.ts. */
export { createConfluenceService, type ConfluenceService } from './confluence-service';
export { principalFromHttpHeaders } from './principal-from-http-headers';
export { seedDemoSite, DEMO_MACROS } from './seed-demo-site';
export { adfDocument, forgeMacroNode, paragraph, LOCAL_ENVIRONMENT_ID } from './adf-builders';
export { LOCAL_ADMIN_ACCOUNT_ID } from './site-accounts';
export type { AdfDocument, AdfNode, ConfluencePage } from './types';
