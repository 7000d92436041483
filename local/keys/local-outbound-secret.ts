/**
 * DEVELOPMENT ONLY. The outbound secret (Spec Bridge → engineering system: documentation notices) that `npm run dev`
 * gives the sample engineering system's receiver (`POST /eng/api/v1/documentation-notices`), so notices the app signs
 * with the same secret are accepted. Separate from the change-notice secret (local-webhook-secret.ts). It is public
 * (committed): never use it outside the local platform.
 */
export const LOCAL_OUTBOUND_SECRET = 'whsec_' + Buffer.from('spec-bridge-local-outbound-secret').toString('base64');
