import type { ContentType, MacroRef } from '../domain/ports';

/** What the platform tells a macro resolver about where it runs (never taken from the payload). */
export interface MacroContext {
  ref: MacroRef;
  config: unknown;
  isEditing: boolean;
  /**
   * The call comes from the macro's custom config dialog (`extension.macro.isConfiguring`, as @forge/react's
   * ExtensionData types it): an author configuring the macro, whether or not Confluence also sets `isEditing` there.
   */
  isConfiguring: boolean;
  /** The record link the author pasted, when Confluence inserted the macro for it (manifest `autoConvert`). */
  autoConvertLink?: string;
  /** The key of the space the content is in (`extension.space.key`): what the site's allow-list is checked for. */
  spaceKey?: string;
}

interface ForgeMacroContext {
  localId?: unknown;
  extension?: {
    content?: { id?: unknown; type?: unknown };
    space?: { key?: unknown };
    config?: unknown;
    isEditing?: unknown;
    autoConvertLink?: unknown;
    macro?: { isConfiguring?: unknown };
  };
}

/**
 * Reads the content (page or blog post) id and type, macro localId, config and pasted link (`extension.autoConvertLink`)
 * from the Forge invocation context; undefined when absent.
 */
export function macroContextFrom(context: unknown): MacroContext | undefined {
  const ctx = (context ?? {}) as ForgeMacroContext;
  const pageId = ctx.extension?.content?.id;
  const localId = ctx.localId;
  if ((typeof pageId !== 'string' && typeof pageId !== 'number') || typeof localId !== 'string' || !localId) return undefined;
  const contentType = contentTypeFrom(ctx.extension?.content?.type);
  return {
    ref: { pageId: String(pageId), localId, ...(contentType ? { contentType } : {}) },
    config: ctx.extension?.config ?? {},
    isEditing: ctx.extension?.isEditing === true,
    isConfiguring: ctx.extension?.macro?.isConfiguring === true,
    ...(typeof ctx.extension?.autoConvertLink === 'string' && ctx.extension.autoConvertLink !== '' ? { autoConvertLink: ctx.extension.autoConvertLink } : {}),
    ...spaceOf(ctx),
  };
}

/** `extension.space.key` when the platform gave one; a call without it is checked as the strictest space (allow-list.ts). */
function spaceOf(ctx: ForgeMacroContext): { spaceKey?: string } {
  const key = ctx.extension?.space?.key;
  return typeof key === 'string' && key !== '' ? { spaceKey: key } : {};
}

/** Forge names the content a macro is on `page` or `blogpost`; anything else is left for the adapter to find out. */
export function contentTypeFrom(type: unknown): ContentType | undefined {
  return type === 'page' || type === 'blogpost' ? type : undefined;
}

const SITE_ARI = /^ari:cloud:[a-z-]+::site\/([A-Za-z0-9-]{1,64})$/;

/**
 * The Confluence site's cloud id for this invocation: the first `cloudId` string, else the site in an
 * `installContext` ARI (`ari:cloud:confluence::site/<cloudId>`, which Forge passes to every function);
 * undefined when no context names one.
 */
export function cloudIdFrom(...contexts: unknown[]): string | undefined {
  for (const context of contexts) {
    if (typeof context !== 'object' || context === null) continue;
    const { cloudId, installContext } = context as { cloudId?: unknown; installContext?: unknown };
    if (typeof cloudId === 'string' && cloudId !== '') return cloudId;
    const site = typeof installContext === 'string' ? SITE_ARI.exec(installContext)?.[1] : undefined;
    if (site) return site;
  }
  return undefined;
}
