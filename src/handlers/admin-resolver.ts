/**
 * The admin page's resolver (manifest: `confluence:globalSettings`, `handler: index.adminResolver`). Every call first
 * asks Confluence whether the caller (`context.accountId`, from the platform, never the payload) is a Confluence
 * administrator, and refuses anyone else before reading or changing anything.
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { startAdminAction } from '../admin/admin-actions';
import { adminState } from '../admin/admin-state';
import type { AdminOutcome } from '../admin/admin-outcome';
import { saveAllowList } from '../admin/allow-list-admin';
import { removeConnection, saveConnection, testConnection } from '../admin/connection-admin';
import { readHealth } from '../admin/health';
import { removeDocumentationNotices, saveDocumentationNotices } from '../admin/documentation-notices-admin';
import { createSecret, removeSecret } from '../admin/secrets-admin';
import { readConfig } from '../config';
import { checkConfluenceAdmin } from '../confluence/admin-check';
import { listAudit, recordAudit } from '../kvs/audit-log';
import { listDeliveries } from '../kvs/delivery-log';
import { createLogger } from '../log';
import { createRefreshQueue } from '../queue/refresh-queue';
import type { AdminAnswers, AdminCall } from '../shared/admin-contract';
import type { ResolverResult } from '../shared/resolver-contract';
import { cloudIdFrom } from './macro-context';
import { answerFailuresHonestly } from './resolver-answer';
import { sendTestNotice } from './test-notice';

const log = createLogger('admin');
const answer = answerFailuresHonestly(log);
const definitions = new Resolver();

export const NOT_AN_ADMIN = "Only Confluence administrators can change Spec Bridge's settings.";

interface AdminCallContext {
  accountId: string;
  cloudId: string;
  /** The site's base URL from the platform's context (`https://acme.atlassian.net`), when it gives one. */
  siteUrl: string | undefined;
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
      const siteUrl = (context as { siteUrl?: unknown } | undefined)?.siteUrl;
      return work({ accountId, cloudId, siteUrl: typeof siteUrl === 'string' && siteUrl !== '' ? siteUrl : undefined, payload });
    }),
  );
}

/** After a change: the audit trail records it (who, what; never a secret value), then the page gets its new state. */
async function thenState<T>(outcome: AdminOutcome<T>, call: AdminCallContext, audit: (value: T) => { action: string; detail: string }): Promise<ResolverResult<AdminAnswers['getAdminState']>> {
  if (!outcome.ok) return outcome;
  await audited(call.accountId, audit(outcome.value));
  return { ok: true, value: await adminState(readConfig(), call.cloudId) };
}

/** Records an admin change in the audit trail and the log; a failed audit write is logged, never undoes the change. */
async function audited(accountId: string, entry: { action: string; detail: string }): Promise<void> {
  log.info('admin change', { accountId, action: entry.action, detail: entry.detail });
  await recordAudit({ accountId, ...entry }).catch((error: unknown) => log.warn('audit write failed', { action: entry.action, reason: error instanceof Error ? error.message : String(error) }));
}

const TestNoticeInput = z.object({ specId: z.string().max(64).optional(), secret: z.string().max(256).optional() });
const DeliveryFilterInput = z.object({
  status: z.enum(['accepted', 'duplicate', 'refused']).optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  text: z.string().max(128).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});
const AuditInput = z.object({ limit: z.number().int().min(1).max(1000).optional() });

define('getAdminState', async ({ cloudId }) => ({ ok: true, value: await adminState(readConfig(), cloudId) }));

define('saveConnection', async (call) =>
  thenState(await saveConnection(call.payload, call.accountId), call, (saved) => ({
    action: 'connection.saved',
    detail: `base URL ${saved.baseUrl}${saved.tokenReplaced ? ', token replaced' : ', token kept'}`,
  })),
);

define('removeConnection', async (call) => {
  await removeConnection();
  await audited(call.accountId, { action: 'connection.removed', detail: 'the site is no longer connected' });
  return { ok: true, value: await adminState(readConfig(), call.cloudId) };
});

define('testConnection', async ({ payload }) => testConnection(payload));

define('createSecret', async ({ accountId, payload }) => {
  const created = await createSecret(payload);
  if (created.ok) {
    const { direction, id, role } = created.value.info;
    await audited(accountId, { action: 'secret.created', detail: `${direction} secret ${id} (${role})` });
  }
  return created;
});

define('removeSecret', async (call) =>
  thenState(await removeSecret(call.payload), call, (removed) => ({ action: 'secret.removed', detail: `${removed.direction} secret ${removed.id} (${removed.hint})` })),
);

define('saveAllowList', async (call) => {
  const entries = (call.payload as { allowList?: unknown } | null | undefined)?.allowList;
  const saved = await saveAllowList(entries, { accountId: call.accountId, cloudId: call.cloudId });
  if (!saved.ok) return { ok: false, code: 'invalid_input', message: saved.message };
  const { entries: list, invalidation } = saved.value;
  const rewrites = 'failed' in invalidation ? 'snapshots not queued for rewriting (save again)' : `${invalidation.queued} snapshot(s) queued for rewriting`;
  await audited(call.accountId, { action: 'allowList.saved', detail: `${list.length} space entr${list.length === 1 ? 'y' : 'ies'}; ${rewrites}` });
  return { ok: true, value: await adminState(readConfig(), call.cloudId) };
});

define('sendTestNotice', async ({ cloudId, payload }) => {
  const input = TestNoticeInput.safeParse(payload ?? {});
  if (!input.success) return { ok: false, code: 'invalid_input', message: 'A test notice takes an optional spec id (and an optional secret to sign with).' };
  return { ok: true, value: await sendTestNotice({ cloudId, ...input.data }) };
});

define('listDeliveries', async ({ payload }) => {
  const filter = DeliveryFilterInput.safeParse(payload ?? {});
  if (!filter.success) return { ok: false, code: 'invalid_input', message: 'Filter deliveries by status, direction, text (up to 128 characters) and a limit of 1–500.' };
  return { ok: true, value: { items: await listDeliveries(filter.data) } };
});

define('listAudit', async ({ payload }) => {
  const input = AuditInput.safeParse(payload ?? {});
  if (!input.success) return { ok: false, code: 'invalid_input', message: 'The audit trail takes a limit of 1–1,000.' };
  return { ok: true, value: { items: await listAudit(input.data.limit) } };
});

define('getHealth', async ({ payload }) => ({ ok: true, value: await readHealth(Date.now(), { countCache: (payload as { countCache?: unknown } | null | undefined)?.countCache !== false }) }));

define('startAction', async ({ accountId, payload }) => {
  const started = await startAdminAction(payload, createRefreshQueue());
  if (started.ok) await audited(accountId, { action: 'action.started', detail: `${started.value.action} (run ${started.value.id})` });
  return started;
});

define('saveDocumentationNotices', async (call) =>
  thenState(await saveDocumentationNotices(call.payload, call, readConfig()), call, (saved) => ({
    action: 'documentationNotices.saved',
    detail: `receiver ${saved.receiverUrl}; titles and space keys ${saved.shareTitles ? 'shared' : 'not shared'}; restricted pages ${saved.includeRestricted ? 'included' : 'left out'}`,
  })),
);

define('removeDocumentationNotices', async (call) => {
  await removeDocumentationNotices();
  await audited(call.accountId, { action: 'documentationNotices.removed', detail: 'documentation notices are no longer sent' });
  return { ok: true, value: await adminState(readConfig(), call.cloudId) };
});

/** The admin page's resolver (manifest: `handler: index.adminResolver`). */
export const adminResolver = definitions.getDefinitions();
