/**
 * The admin page's resolver (manifest: `confluence:globalSettings`, `handler: index.adminResolver`). Every call first
 * asks Confluence whether the caller (`context.accountId`, from the platform, never the payload) is a Confluence
 * administrator, and refuses anyone else before reading or changing anything.
 */
import Resolver from '@forge/resolver';
import { startAdminAction } from '../admin/admin-actions';
import { adminState } from '../admin/admin-state';
import type { AdminOutcome } from '../admin/admin-outcome';
import { removeConnection, saveConnection, testConnection } from '../admin/connection-admin';
import { readHealth } from '../admin/health';
import { createSecret, removeSecret } from '../admin/secrets-admin';
import { readConfig } from '../config';
import { checkConfluenceAdmin } from '../confluence/admin-check';
import { createLogger } from '../log';
import { createRefreshQueue } from '../queue/refresh-queue';
import type { AdminAnswers, AdminCall } from '../shared/admin-contract';
import type { ResolverResult } from '../shared/resolver-contract';
import { cloudIdFrom } from './macro-context';
import { answerFailuresHonestly } from './resolver-answer';

const log = createLogger('admin');
const answer = answerFailuresHonestly(log);
const definitions = new Resolver();

export const NOT_AN_ADMIN = "Only Confluence administrators can change Spec Bridge's settings.";

interface AdminCallContext {
  accountId: string;
  cloudId: string;
  payload: unknown;
}

type AdminWork<K extends AdminCall> = (call: AdminCallContext) => Promise<ResolverResult<AdminAnswers[K]>>;

function define<K extends AdminCall>(key: K, work: AdminWork<K>): void {
  definitions.define(key, async ({ payload, context }) =>
    answer(async (): Promise<ResolverResult<AdminAnswers[K]>> => {
      const accountId = (context as { accountId?: unknown } | undefined)?.accountId;
      const cloudId = cloudIdFrom(context);
      const check = await checkConfluenceAdmin(typeof accountId === 'string' ? accountId : undefined);
      if (!check.admin) {
        log.warn('admin call refused', { call: key, reason: check.reason, ...(check.detail ? { detail: check.detail } : {}) });
        return check.reason === 'check_failed'
          ? { ok: false, code: 'unavailable', message: 'Spec Bridge could not check your administrator permission with Confluence; try again.' }
          : { ok: false, code: 'forbidden', message: NOT_AN_ADMIN };
      }
      if (cloudId === undefined || typeof accountId !== 'string') return { ok: false, code: 'internal', message: 'Spec Bridge did not receive the site of this page.' };
      return work({ accountId, cloudId, payload });
    }),
  );
}

/** After a change: the page's new state, or the refused input as it was refused. */
async function thenState<T>(outcome: AdminOutcome<T>, cloudId: string, audit: (value: T) => void): Promise<ResolverResult<AdminAnswers['getAdminState']>> {
  if (!outcome.ok) return outcome;
  audit(outcome.value);
  return { ok: true, value: await adminState(readConfig(), cloudId) };
}

define('getAdminState', async ({ cloudId }) => ({ ok: true, value: await adminState(readConfig(), cloudId) }));

define('saveConnection', async ({ accountId, cloudId, payload }) =>
  thenState(await saveConnection(payload, accountId), cloudId, (saved) =>
    log.info('engineering connection saved', { accountId, baseUrl: saved.baseUrl, tokenReplaced: saved.tokenReplaced }),
  ),
);

define('removeConnection', async ({ accountId, cloudId }) => {
  await removeConnection();
  log.info('engineering connection removed', { accountId });
  return { ok: true, value: await adminState(readConfig(), cloudId) };
});

define('testConnection', async ({ payload }) => testConnection(payload));

define('createSecret', async ({ accountId, payload }) => {
  const created = await createSecret(payload);
  if (created.ok) log.info('webhook secret created', { accountId, direction: created.value.info.direction, id: created.value.info.id });
  return created;
});

define('removeSecret', async ({ accountId, cloudId, payload }) =>
  thenState(await removeSecret(payload), cloudId, (removed) => log.info('webhook secret removed', { accountId, direction: removed.direction, id: removed.id })),
);

define('getHealth', async () => ({ ok: true, value: await readHealth(Date.now()) }));

define('startAction', async ({ accountId, payload }) => {
  const started = await startAdminAction(payload, createRefreshQueue());
  if (started.ok) log.info('admin action started', { accountId, action: started.value.action, id: started.value.id });
  return started;
});

/** The admin page's resolver (manifest: `handler: index.adminResolver`). */
export const adminResolver = definitions.getDefinitions();
