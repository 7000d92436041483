/** The emulated Confluence Cloud REST v2 service: see confluence-service.ts; seed data in seed-demo-site.ts. */
export { createConfluenceService, CONFLUENCE_API_PREFIX, type ConfluenceService, type ConfluenceServiceOptions } from './confluence-service';
export { ConfluenceAdminError, type AdminProperty, type ConfluenceAdmin, type CreatePageInput } from './confluence-admin';
export { confluenceError, type ConfluenceErrorBody } from './confluence-error';
export { principalFromHttpHeaders, type HttpHeaders } from './principal-from-http-headers';
export { seedDemoSite, DEMO_MACROS, DEMO_SPACE, DEMO_USERS, type DemoSite } from './seed-demo-site';
export {
  adfDocument,
  bulletList,
  forgeExtensionKey,
  forgeMacroNode,
  heading,
  paragraph,
  LOCAL_APP_UUID,
  LOCAL_ENVIRONMENT_ID,
  type ForgeMacroInput,
} from './adf-builders';
export { LOCAL_ADMIN_ACCOUNT_ID, LOCAL_APP_ACCOUNT_ID } from './site-accounts';
export { MAX_PROPERTY_KEY_LENGTH, MAX_PROPERTY_VALUE_BYTES } from './property-write';
export type {
  AdfDocument,
  AdfNode,
  ConfluencePage,
  ConfluenceSpace,
  ConfluenceUser,
  PageBodyInput,
  PageRestrictions,
  PageVersion,
} from './types';
