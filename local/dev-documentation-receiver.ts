/**
 * `npm run dev` wires the two-way bridge: the local site sends its documentation notices to the sample engineering
 * system's receiver (`POST /eng/api/v1/documentation-notices`), which verifies them with the site's outbound secret.
 * Local only: what a site admin does on the admin page (Integrators → documentation notices) and an engineering
 * team does on their side, done once at startup.
 */
import { checkReceiverUrl } from '../src/domain/engineering-connection';
import { acceptedSecrets } from '../src/domain/webhook-secret-set';
import { LOCAL_OUTBOUND_SECRET } from './keys/local-bridge-secrets';

/** Who the seeded settings name as their author in the admin page and audit trail. */
export const DEV_SETTINGS_AUTHOR = 'npm run dev';

/** What the dev environment did about the documentation-notice receiver, for the banner. */
export type DevDocumentationReceiver =
  | { configured: true; receiverUrl: string; seeded: boolean }
  | { configured: false; reason: string };

/**
 * Saves the site's documentation-notice settings (receiver = the sample system's `/documentation-notices`) unless an
 * admin saved some (an admin's choice is kept; settings saved here before are saved again, for a new port). Nothing when the receiver URL would not pass the admin page's own check
 * (the manifest's egress origin is elsewhere). Call it after the platform is created (the app's KVS is the platform's).
 */
export async function seedDocumentationReceiver(input: {
  engineeringBaseUrl: string;
  allowedOrigins: readonly string[];
  siteUrl: string;
  nowMs?: number;
}): Promise<DevDocumentationReceiver> {
  const checked = checkReceiverUrl(`${input.engineeringBaseUrl.replace(/\/+$/, '')}/documentation-notices`, input.allowedOrigins);
  if (!checked.ok) return { configured: false, reason: `the receiver URL ${checked.problem}` };
  // Imported here: @forge/kvs binds its transport at import, so only after the platform installed its globals.
  const { readDocumentationSettings, writeDocumentationSettings } = await import('../src/kvs/documentation-settings');
  const existing = await readDocumentationSettings();
  // An admin's own settings are kept; ones this function saved follow the sample system (PORT may have changed).
  if (existing && existing.updatedBy !== DEV_SETTINGS_AUTHOR) return { configured: true, receiverUrl: existing.receiverUrl, seeded: false };
  await writeDocumentationSettings({
    receiverUrl: checked.url,
    shareTitles: false,
    includeRestricted: false,
    siteUrl: input.siteUrl,
    updatedAt: input.nowMs ?? Date.now(),
    updatedBy: DEV_SETTINGS_AUTHOR,
  });
  return { configured: true, receiverUrl: checked.url, seeded: true };
}

/**
 * The secrets the sample receiver verifies with: `ENG_DOCUMENTATION_SECRETS` when set (space-separated, current
 * first), else the site's live outbound secrets (current first, then a previous one while rotating), so the receiver
 * checks what the app signs with; the local one when the site has none.
 */
export async function receiverSecrets(fromEnvironment: string | undefined, nowMs = Date.now()): Promise<string[]> {
  const listed = fromEnvironment?.split(/\s+/).filter((s) => s !== '');
  if (listed && listed.length > 0) return listed;
  const { readWebhookSecretSet } = await import('../src/kvs/site-settings');
  const accepted = acceptedSecrets(await readWebhookSecretSet(), 'outbound', nowMs);
  return accepted.length > 0 ? accepted : [LOCAL_OUTBOUND_SECRET];
}
