import { kvs } from '@forge/kvs';
import type { EngineeringErrorLog, EngineeringErrorNote } from '../domain/ports';
import { withKvsRetry } from './kvs-calls';
import { KEYS } from './keys';

/** Errors the admin page lists (newest first). */
export const ENGINEERING_ERRORS_KEPT = 20;
/** How long the list outlives its last error. */
const ERRORS_TTL_SECONDS = 7 * 86_400;
/** Longest detail kept per error: the transport already clips and redacts; this bounds the list's size. */
const MAX_DETAIL_CHARS = 500;

/**
 * The last engineering errors in one KVS value: one read and one write per failure the breaker counts (not per view:
 * once open, the breaker stops the calls). Concurrent failures may overwrite each other's entry (last writer wins):
 * this is a recent-errors list for the admin, not an audit trail. The details come from the engineering transport,
 * which redacts the token in every form a server might echo it (errors.ts redactSecret).
 */
export function createKvsEngineeringErrorLog(): EngineeringErrorLog {
  return {
    async record(note) {
      const kept = await readEngineeringErrors();
      const entry: EngineeringErrorNote = { at: note.at, kind: note.kind, detail: note.detail.slice(0, MAX_DETAIL_CHARS) };
      const next = [entry, ...kept].sort((a, b) => b.at - a.at).slice(0, ENGINEERING_ERRORS_KEPT);
      await withKvsRetry(() => kvs.set(KEYS.engineeringErrors(), next, { ttl: { value: ERRORS_TTL_SECONDS, unit: 'SECONDS' } }));
    },
  };
}

export async function readEngineeringErrors(): Promise<EngineeringErrorNote[]> {
  const stored = await withKvsRetry(() => kvs.get<EngineeringErrorNote[]>(KEYS.engineeringErrors()));
  return Array.isArray(stored) ? stored : [];
}
