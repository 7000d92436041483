/**
 * The admin page's audit trail: who changed what and when, newest first, never a secret value. Each entry is kept
 * 365 days (the longest TTL Forge KVS allows); at most 1,000 are kept and listed.
 */
import { z } from 'zod';
import { redactSecretShapes } from '../domain/secret-shapes';
import { createLogger } from '../log';
import type { AuditEntry } from '../shared/admin-contract';
import { KEYS } from './keys';
import { appendEntry, pruneBeyond, scanNewest } from './newest-first-log';

export const AUDIT_LOG_SIZE = 1_000;
/** Forge KVS refuses a TTL over 365 days. */
export const AUDIT_TTL_SECONDS = 365 * 86_400;
/** One record in this many prunes entries beyond the newest 1,000 (a pass reads 11 query pages). */
const PRUNE_EVERY = 10;
const DEFAULT_LIMIT = 100;
const MAX_ACCOUNT_ID = 128;
const MAX_ACTION = 64;
const MAX_DETAIL = 500;

const log = createLogger('audit-log');

const StoredAudit = z.object({
  at: z.iso.datetime(),
  accountId: z.string().max(MAX_ACCOUNT_ID),
  action: z.string().max(MAX_ACTION),
  detail: z.string().max(MAX_DETAIL),
});

/**
 * Records an admin change. Callers never pass a secret value (name a secret by its id or hint): a detail holding
 * something shaped like one (a `whsec_` secret, a bearer token, a long key) is stored with that part redacted, and
 * the mistake is logged as an error (without the detail).
 */
export async function recordAudit(entry: { accountId: string; action: string; detail: string }, nowMs = Date.now()): Promise<void> {
  const detail = redactSecretShapes(entry.detail);
  const action = redactSecretShapes(entry.action);
  if (detail.redacted || action.redacted) log.error('audit entry held something shaped like a secret; redacted before storing', { action: action.text.slice(0, MAX_ACTION) });
  const stored: AuditEntry = {
    at: new Date(nowMs).toISOString(),
    accountId: entry.accountId.slice(0, MAX_ACCOUNT_ID),
    action: action.text.slice(0, MAX_ACTION),
    detail: detail.text.slice(0, MAX_DETAIL),
  };
  await appendEntry(KEYS.auditLogPrefix(), stored, nowMs, AUDIT_TTL_SECONDS);
  if (Math.random() * PRUNE_EVERY < 1) await pruneAudit();
}

/** The newest audit entries (default 100, at most 1,000); a malformed entry is skipped. */
export async function listAudit(limit?: number): Promise<AuditEntry[]> {
  const max = typeof limit === 'number' && Number.isFinite(limit) && limit >= 1 ? Math.min(Math.floor(limit), AUDIT_LOG_SIZE) : DEFAULT_LIMIT;
  const entries: AuditEntry[] = [];
  for await (const { value } of scanNewest(KEYS.auditLogPrefix(), AUDIT_LOG_SIZE)) {
    const parsed = StoredAudit.safeParse(value);
    if (parsed.success) entries.push(parsed.data);
    if (entries.length >= max) break;
  }
  return entries;
}

/** Deletes entries beyond the newest 1,000 (up to 100 a pass); answers how many. */
export async function pruneAudit(): Promise<number> {
  return pruneBeyond(KEYS.auditLogPrefix(), AUDIT_LOG_SIZE);
}
