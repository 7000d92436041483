/**
 * The app's admin pages (`confluence:globalSettings`) as the signed-in user opens them: the context Forge gives the
 * page's frame, and its `invoke` calls, which reach the module's resolver as that user. Who may use the page is the
 * app's own check on the backend (the emulated Confluence answers it): the workbench refuses nobody here.
 */
import type { LocalPlatform } from '../../platform/platform';
import { badRequest, json, readJsonObject, type Route } from './router';
import type { CurrentUser } from './site-routes';

/**
 * Routes for the app pages of manifest.yml (`confluence:globalPage`, `#/apps/<key>`): the same two calls as an admin
 * page's, made as the signed-in user; the app's resolver decides what they may see.
 */
export function appPageRoutes(platform: LocalPlatform, user: CurrentUser): Route[] {
  const declared = (key: string) => platform.manifest.globalPages.some((module) => module.key === key);
  const unknown = (key: string) => json(404, { error: `No confluence:globalPage module '${key}' in manifest.yml` });
  return [
    {
      method: 'GET',
      pattern: /^\/__workbench\/api\/apps\/([^/]+)\/context$/,
      handle: (_request, [key]) => (declared(key!) ? json(200, platform.globalPageContext(user.get(), key)) : unknown(key!)),
    },
    {
      method: 'POST',
      pattern: /^\/__workbench\/api\/apps\/([^/]+)\/invoke$/,
      async handle(request, [key]) {
        if (!declared(key!)) return unknown(key!);
        const { functionKey, payload } = (await readJsonObject(request)) ?? {};
        if (typeof functionKey !== 'string') return badRequest('functionKey is required');
        try {
          return json(200, { result: await platform.invokeGlobalPageResolver({ functionKey, payload: payload ?? {}, accountId: user.get(), moduleKey: key }) });
        } catch (error) {
          return json(500, { error: error instanceof Error ? error.message : String(error) });
        }
      },
    },
  ];
}

/** Routes for the admin pages of manifest.yml. */
export function settingsRoutes(platform: LocalPlatform, user: CurrentUser): Route[] {
  const declared = (key: string) => platform.manifest.globalSettings.some((module) => module.key === key);
  const unknown = (key: string) => json(404, { error: `No confluence:globalSettings module '${key}' in manifest.yml` });
  return [
    {
      method: 'GET',
      pattern: /^\/__workbench\/api\/settings\/([^/]+)\/context$/,
      handle: (_request, [key]) => (declared(key!) ? json(200, platform.adminPageContext(user.get(), key)) : unknown(key!)),
    },
    {
      method: 'POST',
      pattern: /^\/__workbench\/api\/settings\/([^/]+)\/invoke$/,
      async handle(request, [key]) {
        if (!declared(key!)) return unknown(key!);
        const { functionKey, payload } = (await readJsonObject(request)) ?? {};
        if (typeof functionKey !== 'string') return badRequest('functionKey is required');
        try {
          return json(200, { result: await platform.invokeAdminResolver({ functionKey, payload: payload ?? {}, accountId: user.get(), moduleKey: key }) });
        } catch (error) {
          return json(500, { error: error instanceof Error ? error.message : String(error) });
        }
      },
    },
  ];
}
