import type { MacroRef } from '../domain/ports';

/** What the platform tells a macro resolver about where it runs (never taken from the payload). */
export interface MacroContext {
  ref: MacroRef;
  config: unknown;
  isEditing: boolean;
}

interface ForgeMacroContext {
  localId?: unknown;
  extension?: { content?: { id?: unknown }; config?: unknown; isEditing?: unknown };
}

/** Reads page id, macro localId and config from the Forge invocation context; undefined when absent. */
export function macroContextFrom(context: unknown): MacroContext | undefined {
  const ctx = (context ?? {}) as ForgeMacroContext;
  const pageId = ctx.extension?.content?.id;
  const localId = ctx.localId;
  if ((typeof pageId !== 'string' && typeof pageId !== 'number') || typeof localId !== 'string' || !localId) return undefined;
  return { ref: { pageId: String(pageId), localId }, config: ctx.extension?.config ?? {}, isEditing: ctx.extension?.isEditing === true };
}
