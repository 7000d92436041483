/** Calls the where-used page's resolver; every outcome is a result value, never an exception in the page. */
import { invoke } from '@forge/bridge';
import type { WhereUsedRequest, WhereUsedResult } from '../../shared/where-used-contract';

export async function fetchWhereUsed(request: WhereUsedRequest): Promise<WhereUsedResult> {
  try {
    const result = await invoke<WhereUsedResult>('getWhereUsed', { ...request });
    if (result && typeof result === 'object' && 'ok' in result) return result;
    return { ok: false, code: 'internal', message: 'Spec Bridge answered in an unexpected format.' };
  } catch {
    return { ok: false, code: 'unavailable', message: 'Spec Bridge could not reach the where-used index. Try again in a moment.' };
  }
}
