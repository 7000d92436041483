/**
 * DEVELOPMENT ONLY. The outbound (documentation notices the app signs) and query (signed queries the app verifies)
 * secrets `npm run dev` puts in the local site's secret set when it holds none of that purpose. Public (committed):
 * `/__local/info` lists them while they are the site's current secret; a secret an admin created is never shown.
 */
export const LOCAL_OUTBOUND_SECRET = 'whsec_' + Buffer.from('spec-bridge-local-outbound-secret!').toString('base64');
export const LOCAL_QUERY_SECRET = 'whsec_' + Buffer.from('spec-bridge-local-query-secret-dev!').toString('base64');
