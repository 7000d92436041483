/**
 * DEVELOPMENT ONLY. The change-notice secret (`WEBHOOK_SECRET`) `npm run dev` gives the app unless the
 * environment sets another. It is public (committed), so the startup banner, `/__local/info` and
 * `npm run notify` may show and use it; a secret set from the environment is never shown.
 */
export const LOCAL_WEBHOOK_SECRET = 'whsec_' + Buffer.from('spec-bridge-local-webhook-secret!').toString('base64');
