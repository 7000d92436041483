/**
 * DEVELOPMENT ONLY. The where-used query secret (`QUERY_SECRET`) `npm run dev` gives the app unless the environment
 * sets another. It is public (committed), so `npm run where-used` may use it for loopback URLs; never set it on a real site.
 */
export const LOCAL_QUERY_SECRET = 'whsec_' + Buffer.from('spec-bridge-local-query-secret!!!').toString('base64');
