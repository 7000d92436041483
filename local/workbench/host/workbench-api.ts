/** The browser side of the workbench's HTTP API (local/workbench/server). */
import type { SpecRecord } from '../../../src/shared/spec-record';
import type { SpecDocumentation } from '../../engineering/documentation-store';
import type { EgressConsentRequest } from './egress-consent';
import type { AdfDocument } from '../../platform/confluence/types';
import type { MacroConfigMode } from '../../platform/manifest';

/** A page the local user can see, with its body. */
export interface PageInfo {
  id: string;
  title: string;
  spaceId: string;
  version: number;
  access: 'view' | 'edit';
  body: AdfDocument;
}

/** The site as the local user sees it. */
export interface SiteInfo {
  user: string;
  users: { accountId: string; displayName: string; isAdmin: boolean }[];
  spaces: { id: string; key: string; name: string; homepageId: string }[];
  pages: { id: string; title: string; spaceId: string; parentId: string | null; access: 'view' | 'edit' }[];
  /** `config`: the manifest's config of the macro (classic panel, custom dialog), null without one. */
  macroModules: { key: string; resource: string; config: MacroConfigMode | null }[];
  /** The app's admin pages (`confluence:globalSettings`); the top bar offers them to site admins only. */
  settingsPages: { key: string; resource: string; title: string }[];
  /** The app's pages (`confluence:globalPage`, Confluence's Apps menu); offered to everyone. */
  appPages: { key: string; resource: string; title: string }[];
}

/** The engineering panel's service switch (local/workbench/server/engineering-mode.ts). */
export interface EngineeringModeState {
  mode: string;
  modes: { name: string; label: string; description: string }[];
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const answer = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new Error(answer.error ?? `${method} ${path} answered ${response.status}`);
  return answer as T;
}

/** Typed calls to the workbench server. */
export const workbenchApi = {
  site: () => call<SiteInfo>('GET', '/__workbench/api/site'),
  setUser: (accountId: string) => call<{ user: string }>('POST', '/__workbench/api/user', { accountId }),
  page: (pageId: string) => call<PageInfo>('GET', `/__workbench/api/pages/${encodeURIComponent(pageId)}`),
  insertMacro: (pageId: string, moduleKey: string) => call<{ localId: string; page: PageInfo }>('POST', `/__workbench/api/pages/${encodeURIComponent(pageId)}/macros`, { moduleKey }),
  /** Text pasted into the page while editing: a link some macro's autoConvert matches becomes that macro. */
  paste: (pageId: string, text: string) =>
    call<{ converted: true; localId: string; page: PageInfo } | { converted: false }>('POST', `/__workbench/api/pages/${encodeURIComponent(pageId)}/paste`, { text }),
  macroContext: (localId: string, isEditing: boolean, isConfiguring = false) =>
    call<Record<string, unknown>>('GET', `/__workbench/api/macros/${encodeURIComponent(localId)}/context?isEditing=${isEditing}&isConfiguring=${isConfiguring}`),
  async invoke(localId: string, isEditing: boolean, functionKey: string, payload: unknown, isConfiguring = false): Promise<unknown> {
    return (await call<{ result: unknown }>('POST', '/__local/invoke', { localId, isEditing, isConfiguring, functionKey, payload })).result;
  },
  /** A frame's `requestConfluence` (bridge command `fetchProduct`), made as the current workbench user. */
  fetchProduct: (data: unknown) =>
    call<{ status: number; statusText: string; headers: Record<string, string>; body: string }>('POST', '/__workbench/api/product-fetch', data),
  /** What `view.getContext()` returns in an admin page's frame, for the current user. */
  settingsContext: (moduleKey: string) => call<Record<string, unknown>>('GET', `/__workbench/api/settings/${encodeURIComponent(moduleKey)}/context`),
  /** An admin page's `invoke`: its module's resolver, as the current user. */
  appPageContext: (moduleKey: string) => call<Record<string, unknown>>('GET', `/__workbench/api/apps/${encodeURIComponent(moduleKey)}/context`),
  async invokeAppPage(moduleKey: string, functionKey: string, payload: unknown): Promise<unknown> {
    return (await call<{ result: unknown }>('POST', `/__workbench/api/apps/${encodeURIComponent(moduleKey)}/invoke`, { functionKey, payload })).result;
  },
  async invokeSettings(moduleKey: string, functionKey: string, payload: unknown): Promise<unknown> {
    return (await call<{ result: unknown }>('POST', `/__workbench/api/settings/${encodeURIComponent(moduleKey)}/invoke`, { functionKey, payload })).result;
  },
  /** Opens a `permissions.egress.set` consent as the current user; throws at once when refused (no dialog then). */
  startEgressConsent: (payload: unknown) => call<EgressConsentRequest>('POST', '/__workbench/api/egress/consents', payload ?? {}),
  /** The consent dialog's answer; the `set` call's result (`{ results }`), or throws its rejection. */
  async answerEgressConsent(consentId: string, decision: 'approve' | 'decline'): Promise<unknown> {
    return (await call<{ result: unknown }>('POST', `/__workbench/api/egress/consents/${encodeURIComponent(consentId)}`, { decision })).result;
  },
  /** `permissions.egress.get` as the current user. */
  async egressGet(payload: unknown): Promise<unknown> {
    return (await call<{ result: unknown }>('POST', '/__workbench/api/egress/get', payload)).result;
  },
  saveConfig: (localId: string, config: Record<string, unknown>) => call<PageInfo>('PUT', `/__workbench/api/macros/${encodeURIComponent(localId)}/config`, { config }),
  specs: async () => (await call<{ specs: SpecRecord[] }>('GET', '/__workbench/api/specs')).specs,
  updateSpec: async (id: string, patch: Record<string, unknown>) => (await call<{ spec: SpecRecord }>('PATCH', `/__workbench/api/specs/${encodeURIComponent(id)}`, patch)).spec,
  /** Where the sample engineering system was told the record is documented. */
  documentation: (specId: string) => call<SpecDocumentation>('GET', `/__workbench/api/specs/${encodeURIComponent(specId)}/documentation`),
  reset: () => call<{ ok: true }>('POST', '/__workbench/api/reset'),
  engineeringMode: () => call<EngineeringModeState>('GET', '/__workbench/api/engineering-mode'),
  setEngineeringMode: (mode: string) => call<EngineeringModeState>('PUT', '/__workbench/api/engineering-mode', { mode }),
};
