/**
 * Calls the admin page's resolver. Like the macro's client, every outcome is a ResolverResult value: a failed bridge
 * call or a malformed answer never reaches the page as an exception.
 */
import { invoke } from '@forge/bridge';
import type { AdminAnswer, AdminCall, AdminPayloads } from '../../shared/admin-contract';

const UNREACHABLE = 'Spec Bridge could not reach its settings. Try again in a moment.';

/** Invokes one admin call with its payload; answers with the call's typed result. */
export async function invokeAdmin<K extends AdminCall>(call: K, payload: AdminPayloads[K]): Promise<AdminAnswer<K>> {
  try {
    const result = await invoke<AdminAnswer<K>>(call, payload as Record<string, unknown>);
    if (result && typeof result === 'object' && 'ok' in result) return result;
    return { ok: false, code: 'internal', message: 'Spec Bridge answered in an unexpected format.' };
  } catch {
    return { ok: false, code: 'unavailable', message: UNREACHABLE };
  }
}
