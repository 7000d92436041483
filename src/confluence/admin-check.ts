/**
 * Whether an account is a Confluence administrator, asked of Confluence each time (display conditions only hide UI).
 * Confluence's v2 API has no such check; the v1 user API's `expand=operations` lists `administer` on `application` for
 * Confluence administrators only (a group-name check is wrong on sites that grant admin through other groups).
 */
import api, { route } from '@forge/api';
import { z } from 'zod';

const UserOperations = z.object({
  accountId: z.string(),
  operations: z.array(z.object({ operation: z.string(), targetType: z.string() })).optional(),
});

export type AdminCheck = { admin: true } | { admin: false; reason: 'anonymous' | 'not_admin' | 'unknown_user' | 'check_failed'; detail?: string };

export async function checkConfluenceAdmin(accountId: string | undefined): Promise<AdminCheck> {
  if (!accountId) return { admin: false, reason: 'anonymous' };
  let response: Awaited<ReturnType<ReturnType<typeof api.asApp>['requestConfluence']>>;
  try {
    response = await api.asApp().requestConfluence(route`/wiki/rest/api/user?accountId=${accountId}&expand=operations`, { headers: { Accept: 'application/json' } });
  } catch (error) {
    return { admin: false, reason: 'check_failed', detail: error instanceof Error ? error.message : String(error) };
  }
  if (response.status === 404) return { admin: false, reason: 'unknown_user' };
  if (response.status !== 200) return { admin: false, reason: 'check_failed', detail: `HTTP ${response.status}` };
  const parsed = UserOperations.safeParse(await response.json().catch(() => undefined));
  // The answer must be about the account asked for: anything else is not evidence of anything.
  if (!parsed.success || parsed.data.accountId !== accountId) return { admin: false, reason: 'check_failed', detail: 'unexpected user answer' };
  const admin = (parsed.data.operations ?? []).some((o) => o.operation === 'administer' && o.targetType === 'application');
  return admin ? { admin: true } : { admin: false, reason: 'not_admin' };
}
