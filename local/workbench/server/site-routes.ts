/**
 * The workbench's Confluence-side API: the site (users, spaces, pages the local user can see), page
 * bodies, macro contexts, resolver calls (`POST /__local/invoke`), config saves and macro inserts.
 */
import { pageAccess } from '../../platform/confluence/page-access';
import type { LocalPlatform } from '../../platform/platform';
import { autoConvertTarget } from './auto-convert';
import type { MacroOutcome, MacroService } from './macro-service';
import { badRequest, json, readJsonObject, type Route } from './router';

/** Who the browser acts as; the top bar switches it. */
export interface CurrentUser {
  get(): string;
  set(accountId: string): void;
}

function answer<T>(outcome: MacroOutcome<T>, shape: (value: T) => unknown = (value) => value): Response {
  return outcome.ok ? json(200, shape(outcome.value)) : json(outcome.status, { error: outcome.message });
}

/** Routes for the site, pages and macros. */
export function siteRoutes(platform: LocalPlatform, macros: MacroService, user: CurrentUser): Route[] {
  const { admin } = platform.confluence;
  const visiblePages = () =>
    admin
      .listPages()
      .map((page) => ({ page, access: pageAccess(page, { kind: 'user', accountId: user.get() }) }))
      .filter(({ access }) => access !== 'none');
  const pageJson = (page: ReturnType<typeof admin.listPages>[number]) => ({
    id: page.id,
    title: page.title,
    spaceId: page.spaceId,
    version: page.version.number,
    access: pageAccess(page, { kind: 'user', accountId: user.get() }),
    body: JSON.parse(page.body) as unknown,
  });

  return [
    {
      method: 'GET',
      pattern: /^\/__workbench\/api\/site$/,
      handle: () =>
        json(200, {
          user: user.get(),
          users: admin.listUsers(),
          spaces: admin.listSpaces(),
          pages: visiblePages().map(({ page, access }) => ({ id: page.id, title: page.title, spaceId: page.spaceId, parentId: page.parentId ?? null, access })),
          macroModules: platform.manifest.macros.map((macro) => ({ key: macro.key, resource: macro.resource, config: macro.config ?? null })),
          settingsPages: platform.manifest.globalSettings.map((module) => ({ key: module.key, resource: module.resource, title: module.title ?? module.key })),
          appPages: platform.manifest.globalPages.map((module) => ({ key: module.key, resource: module.resource, title: module.title ?? module.key })),
        }),
    },
    {
      method: 'POST',
      pattern: /^\/__workbench\/api\/user$/,
      async handle(request) {
        const accountId = (await readJsonObject(request))?.accountId;
        if (typeof accountId !== 'string' || !admin.getUser(accountId)) return badRequest('accountId must name a site user');
        user.set(accountId);
        return json(200, { user: accountId });
      },
    },
    {
      method: 'GET',
      pattern: /^\/__workbench\/api\/pages\/([^/]+)$/,
      handle(_request, [pageId]) {
        const found = visiblePages().find(({ page }) => page.id === pageId);
        return found ? json(200, pageJson(found.page)) : json(404, { error: `No page ${pageId}` });
      },
    },
    {
      method: 'POST',
      pattern: /^\/__workbench\/api\/pages\/([^/]+)\/macros$/,
      async handle(request, [pageId]) {
        const moduleKey = (await readJsonObject(request))?.moduleKey ?? platform.manifest.macros[0]?.key;
        if (typeof moduleKey !== 'string' || !platform.manifest.macros.some((macro) => macro.key === moduleKey)) return badRequest('moduleKey must name a macro module of manifest.yml');
        const outcome = macros.insertMacro(pageId!, moduleKey, user.get());
        if (outcome.ok) platform.activity.add('confluence', `page ${pageId}: ${user.get()} inserted macro ${outcome.value.localId}`);
        return answer(outcome, ({ localId, page }) => ({ localId, page: pageJson(page) }));
      },
    },
    {
      method: 'POST',
      pattern: /^\/__workbench\/api\/pages\/([^/]+)\/paste$/,
      async handle(request, [pageId]) {
        const text = (await readJsonObject(request))?.text;
        if (typeof text !== 'string') return badRequest('text must be the pasted text');
        const target = autoConvertTarget(platform.manifest.macros, text);
        if (!target) return json(200, { converted: false });
        const outcome = macros.insertMacro(pageId!, target.moduleKey, user.get(), target.link);
        if (outcome.ok) platform.activity.add('confluence', `page ${pageId}: ${user.get()} pasted ${target.link}, which became macro ${outcome.value.localId}`);
        return answer(outcome, ({ localId, page }) => ({ converted: true, localId, page: pageJson(page) }));
      },
    },
    {
      method: 'GET',
      pattern: /^\/__workbench\/api\/macros\/([^/]+)\/context$/,
      handle: (_request, [localId], url) => answer(macros.frontendContext(localId!, url.searchParams.get('isEditing') === 'true', user.get(), url.searchParams.get('isConfiguring') === 'true')),
    },
    {
      method: 'PUT',
      pattern: /^\/__workbench\/api\/macros\/([^/]+)\/config$/,
      async handle(request, [localId]) {
        const config = (await readJsonObject(request))?.config;
        if (typeof config !== 'object' || config === null || Array.isArray(config)) return badRequest('config must be an object of field values');
        const outcome = macros.saveConfig(localId!, config as Record<string, unknown>, user.get());
        if (outcome.ok) platform.activity.add('confluence', `page ${outcome.value.id}: ${user.get()} saved the config of macro ${localId}`, { config });
        return answer(outcome, pageJson);
      },
    },
    {
      method: 'POST',
      pattern: /^\/__local\/invoke$/,
      async handle(request) {
        const body = await readJsonObject(request);
        const { localId, functionKey, isEditing, isConfiguring, payload } = body ?? {};
        if (typeof localId !== 'string' || typeof functionKey !== 'string') return badRequest('localId and functionKey are required');
        try {
          return answer(await macros.invoke(localId, isEditing === true, user.get(), functionKey, payload ?? {}, isConfiguring === true), (result) => ({ result }));
        } catch (error) {
          return json(500, { error: error instanceof Error ? error.message : String(error) });
        }
      },
    },
  ];
}
