/**
 * What the workbench does with one macro instance on behalf of the local user: its product
 * context, resolver calls, saving its config, inserting a new one. The browser only names the macro
 * (its localId); the page, space and config always come from the stored page body, the way
 * Confluence builds a macro's context from the page rather than from the frame.
 */
import { randomUUID } from 'node:crypto';
import { forgeMacroNode, LOCAL_ENVIRONMENT_ID, type AdfDocument, type AdfNode, type ConfluencePage } from '../../platform/confluence';
import { pageAccess, type PageAccess } from '../../platform/confluence/page-access';
import { LOCAL_CLOUD_ID, type LocalPlatform } from '../../platform/platform';
import { findMacro, macroAutoConvertLink, macroConfig, macroModuleKey, withAppendedNode, withMacroConfig } from './macro-locator';

/** A macro found on a page the user can see. */
export interface LocatedMacro {
  page: ConfluencePage;
  node: AdfNode;
  moduleKey: string;
  space: { id: string; key: string };
  access: PageAccess;
}

/** Expected failures, carried as values with the HTTP status the route answers. */
export type MacroOutcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 403 | 404; message: string };

/** Creates the macro operations over the platform. */
export function createMacroService(platform: LocalPlatform) {
  const { admin } = platform.confluence;

  function locate(localId: string, accountId: string): MacroOutcome<LocatedMacro> {
    for (const page of admin.listPages()) {
      const node = findMacro(JSON.parse(page.body) as AdfDocument, localId);
      if (!node) continue;
      const access = pageAccess(page, { kind: 'user', accountId });
      if (access === 'none') break;
      const space = admin.getSpace(page.spaceId);
      return { ok: true, value: { page, node, moduleKey: macroModuleKey(node) ?? '', space: { id: page.spaceId, key: space?.key ?? '' }, access } };
    }
    return { ok: false, status: 404, message: `No macro ${localId} on a page ${accountId} can view` };
  }

  function requireEdit(localId: string, accountId: string): MacroOutcome<LocatedMacro> {
    const located = locate(localId, accountId);
    if (located.ok && located.value.access !== 'edit') return { ok: false, status: 403, message: `${accountId} cannot edit page ${located.value.page.id}` };
    return located;
  }

  return {
    locate,
    /** What `view.getContext()` returns in the macro's frame (forge-facts §2.2). */
    frontendContext(localId: string, isEditing: boolean, accountId: string, isConfiguring = false): MacroOutcome<Record<string, unknown>> {
      const located = locate(localId, accountId);
      if (!located.ok) return located;
      const { page, node, moduleKey, space } = located.value;
      return {
        ok: true,
        value: {
          accountId,
          cloudId: LOCAL_CLOUD_ID,
          environmentId: LOCAL_ENVIRONMENT_ID,
          environmentType: 'DEVELOPMENT',
          localId,
          moduleKey,
          siteUrl: platform.origin,
          locale: 'en-US',
          timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          extension: {
            type: 'macro',
            content: { id: page.id, type: 'page' },
            space,
            isEditing,
            config: macroConfig(node),
            ...pastedLink(node),
            ...(isConfiguring ? { macro: { isConfiguring: true } } : {}),
          },
        },
      };
    },
    /** Runs a resolver function with the context the platform builds from the page. */
    async invoke(localId: string, isEditing: boolean, accountId: string, functionKey: string, payload: unknown, isConfiguring = false): Promise<MacroOutcome<unknown>> {
      const located = locate(localId, accountId);
      if (!located.ok) return located;
      const { page, node, moduleKey, space } = located.value;
      const context = { localId, pageId: page.id, spaceId: space.id, spaceKey: space.key, config: macroConfig(node), isEditing, isConfiguring, ...pastedLink(node) };
      return { ok: true, value: await platform.invokeResolver({ functionKey, payload, context, accountId, macroKey: moduleKey }) };
    },
    /** Saves the config panel's values as the macro's config (a new page version). */
    saveConfig(localId: string, config: Record<string, unknown>, accountId: string): MacroOutcome<ConfluencePage> {
      const located = requireEdit(localId, accountId);
      if (!located.ok) return located;
      const body = withMacroConfig(JSON.parse(located.value.page.body) as AdfDocument, localId, config);
      return { ok: true, value: admin.setPageBody(located.value.page.id, body, { authorId: accountId, message: 'Macro config saved' }) };
    },
    /** Appends a new macro of `moduleKey` (no config yet; made from `autoConvertLink` when a pasted link converted) to the page. */
    insertMacro(pageId: string, moduleKey: string, accountId: string, autoConvertLink?: string): MacroOutcome<{ localId: string; page: ConfluencePage }> {
      const page = admin.getPage(pageId);
      const access = page ? pageAccess(page, { kind: 'user', accountId }) : 'none';
      if (!page || access === 'none') return { ok: false, status: 404, message: `No page ${pageId}` };
      if (access !== 'edit') return { ok: false, status: 403, message: `${accountId} cannot edit page ${pageId}` };
      const localId = randomUUID();
      const node = forgeMacroNode({ localId, nodeLocalId: randomUUID(), config: {}, moduleKey, ...(autoConvertLink === undefined ? {} : { autoConvertLink }) });
      const message = autoConvertLink === undefined ? 'Macro inserted' : 'Link pasted as a macro';
      const updated = admin.setPageBody(pageId, withAppendedNode(JSON.parse(page.body) as AdfDocument, node), { authorId: accountId, message });
      return { ok: true, value: { localId, page: updated } };
    },
  };
}

/** Confluence hands a macro made from a pasted link that link as `extension.autoConvertLink`. */
function pastedLink(node: AdfNode): { autoConvertLink?: string } {
  const link = macroAutoConvertLink(node);
  return link === undefined ? {} : { autoConvertLink: link };
}

/** The macro operations; see {@link createMacroService}. */
export type MacroService = ReturnType<typeof createMacroService>;
