/**
 * Calls the macro's resolver. Every outcome comes back as a ResolverResult value: bridge failures
 * (network, the 500-per-25 s client limiter) and malformed answers never reach the view as exceptions.
 */
import { invoke } from '@forge/bridge';
import type { MacroViewModel, ResolverApi, ResolverResult, SpecSummary } from '../shared/resolver-contract';

const UNREACHABLE = 'Spec Bridge could not load this macro. Try again in a moment.';

/** What the macro tells `getSpecs` about what it found before asking (resolver-contract.ts `ViewHint`). */
type ViewHint = ResolverApi['getSpecs']['payload'];

/** The resolver keys that answer with a view model. */
export type ViewResolverKey = 'getSpecs' | 'refresh';

/**
 * Invokes `getSpecs` or `refresh`. The backend reads spec ids from the macro context; the only payload is a hint
 * (`snapshot: 'absent'`: the macro found no snapshot, so its specs are likely not cached).
 */
export async function fetchView(key: ViewResolverKey, hint: ViewHint = {}): Promise<ResolverResult<MacroViewModel>> {
  try {
    const result = await invoke<ResolverApi[ViewResolverKey]['result']>(key, hint.snapshot ? { ...hint } : undefined);
    if (isResolverResult(result)) return result;
    return { ok: false, code: 'internal', message: 'Spec Bridge answered in an unexpected format.' };
  } catch {
    // Whatever failed (the network, the bridge's rate limiter, the function itself) is in the browser console and the
    // function logs; readers get one sentence.
    return { ok: false, code: 'unavailable', message: UNREACHABLE };
  }
}

/** Invokes `searchSpecs` (allowed by the backend only while the page is being edited). */
export async function searchSpecs(query: string): Promise<ResolverResult<{ items: SpecSummary[] }>> {
  return invokeForResult<'searchSpecs'>('searchSpecs', { query }, UNREACHABLE);
}

/** Invokes a resolver whose answer is a ResolverResult; a failed call answers `unreachable`, a malformed answer says so. */
export async function invokeForResult<K extends keyof ResolverApi>(
  key: K,
  payload: Record<string, unknown>,
  unreachable: string,
): Promise<ResolverApi[K]['result']> {
  try {
    const result = await invoke<ResolverApi[K]['result']>(key, payload);
    if (result && typeof result === 'object' && 'ok' in result) return result;
    return { ok: false, code: 'internal', message: 'Spec Bridge answered in an unexpected format.' };
  } catch {
    return { ok: false, code: 'unavailable', message: unreachable };
  }
}

function isResolverResult(value: unknown): value is ResolverResult<MacroViewModel> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value && typeof value.value === 'object' && value.value !== null;
  return value.ok === false && 'message' in value && typeof value.message === 'string';
}
