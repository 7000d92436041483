import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { contentPropertyIndexes, globalPages, type ContentPropertyIndex, type GlobalPageModule } from './search-modules';

/** The parts of manifest.yml the local platform acts on. */
export interface AppManifest {
  appId: string;
  runtime: string;
  /** `memoryMB`: the function's `runtime.memoryMB`, else `app.runtime.memoryMB`, else Forge's default (DEFAULT_FUNCTION_MEMORY_MB). */
  functions: Map<string, { handler: string; timeoutSeconds?: number; memoryMB: number }>;
  /** `autoConvertMatchers`: the macro's `autoConvert.matchers[].pattern`s, interpolated (Confluence's paste-to-macro). */
  macros: { key: string; resolverFunction?: string; adfExportFunction?: string; resource: string; autoConvertMatchers: string[]; config?: MacroConfigMode }[];
  /** `urlFormat` as declared (Forge: v1 | v2; omitted means Forge's default). The local URL is `/x/<key>` either way. */
  webtriggers: { key: string; functionKey: string; urlFormat?: WebTriggerUrlFormat }[];
  consumers: { key: string; queue: string; functionKey: string }[];
  /** `trigger` modules with a function (product events); Forge Remote `endpoint` triggers are not emulated. */
  triggers: TriggerModule[];
  /** `confluence:globalSettings` modules: a page in Confluence's admin settings; `useAsConfig` makes it the app's "Configure" page. */
  globalSettings: GlobalSettingsModule[];
  /** `confluence:globalPage` modules and `confluence:contentProperty` indexes (search-modules.ts checks Forge's rules). */
  globalPages: GlobalPageModule[];
  contentPropertyIndexes: ContentPropertyIndex[];
  resources: Map<string, string>;
  scopes: string[];
  egressBackend: string[];
  /** `permissions.external.configurable.enabled`: customer-managed egress (Forge EAP) may be used. */
  configurableEgress: boolean;
}

/**
 * A `trigger` module as Forge's manifest schema has it: `events` are strings or `{ eventType, filter }` objects
 * (`FilteredProductEvents`); `filter` is `ProductEventsFilter` (ignoreSelf, expression, onError, appIsLicensed).
 */
export interface TriggerModule {
  key: string;
  functionKey: string;
  /** Each subscribed event with its own filter (an event object's filter, else the module's). */
  events: { eventType: string; filter?: ProductEventsFilter }[];
  filter?: ProductEventsFilter;
}

/** `ProductEventsFilter` of @forge/manifest's schema. The local platform acts on `appIsLicensed` only. */
export interface ProductEventsFilter {
  ignoreSelf?: boolean;
  expression?: string;
  onError?: 'IGNORE' | 'IGNORE_AND_LOG' | 'RECEIVE' | 'RECEIVE_AND_LOG';
  appIsLicensed?: boolean;
}

/** One `confluence:globalSettings` module; `title` only when the manifest gives it as a plain string (not `{ i18n }`). */
export interface GlobalSettingsModule {
  key: string;
  resource: string;
  resolverFunction?: string;
  useAsConfig: boolean;
  title?: string;
}

/**
 * How a macro is configured: Forge's classic config panel (`config: true`, the resource's `addConfig` tree) or a
 * custom config (`config: { resource, ... }`: its own resource in a dialog, saved with `view.submit`). Forge allows one.
 */
export type MacroConfigMode = { kind: 'classic' } | { kind: 'custom'; resource: string; title?: string; openOnInsert: boolean };

/** The UI resources of the manifest's macros: each view resource and each custom config's resource, once. */
export function macroUiResources(manifest: Pick<AppManifest, 'macros'>): string[] {
  return [...new Set(manifest.macros.flatMap((macro) => [macro.resource, ...(macro.config?.kind === 'custom' ? [macro.config.resource] : [])]))];
}

/** Every UI Kit resource a product page shows: the macros' ({@link macroUiResources}), the admin pages' (`confluence:globalSettings`) and the app pages' (`confluence:globalPage`). */
export function uiResources(manifest: Pick<AppManifest, 'macros' | 'globalSettings' | 'globalPages'>): string[] {
  return [...new Set([...macroUiResources(manifest), ...[...manifest.globalSettings, ...manifest.globalPages].map((module) => module.resource)])];
}

/** Memory a Forge function gets when neither it nor the app sets `runtime.memoryMB` (forge-2026-facts §1). */
export const DEFAULT_FUNCTION_MEMORY_MB = 512;

/**
 * Reads manifest.yml with the same `${VAR}` interpolation the Forge CLI applies at deploy time:
 * only variables declared under `environment.variables`, from `env` or their default.
 */
export function loadManifest(path: string, env: Record<string, string | undefined>): AppManifest {
  const raw = parse(readFileSync(path, 'utf8')) as RawManifest;
  const declared = new Map((raw.environment?.variables ?? []).map((v) => (typeof v === 'string' ? [v, undefined] : [v.key, v.default])));
  const manifest = JSON.parse(JSON.stringify(raw), (_key, value: unknown) =>
    typeof value === 'string' ? interpolate(value, declared, env) : value,
  ) as RawManifest;
  const modules = manifest.modules ?? {};
  return {
    appId: manifest.app.id,
    runtime: manifest.app.runtime.name,
    functions: new Map(
      (modules.function ?? []).map((f) => [
        f.key,
        { handler: f.handler, timeoutSeconds: f.timeoutSeconds, memoryMB: f.runtime?.memoryMB ?? manifest.app.runtime.memoryMB ?? DEFAULT_FUNCTION_MEMORY_MB },
      ]),
    ),
    macros: (modules.macro ?? []).map((m) => ({
      key: m.key,
      resolverFunction: m.resolver?.function,
      adfExportFunction: m.adfExport?.function,
      resource: m.resource,
      autoConvertMatchers: (m.autoConvert?.matchers ?? []).map((matcher) => matcher.pattern),
      ...macroConfigMode(m.key, m.config),
    })),
    webtriggers: (modules.webtrigger ?? []).map((w) => ({
      key: w.key,
      functionKey: w.function,
      ...(w.urlFormat === undefined ? {} : { urlFormat: webTriggerUrlFormat(w.key, w.urlFormat) }),
    })),
    consumers: (modules.consumer ?? []).map((c) => ({ key: c.key, queue: c.queue, functionKey: c.function })),
    triggers: (modules.trigger ?? []).flatMap((t) => (t.function === undefined ? [] : [triggerModule(t, t.function)])),
    globalSettings: (modules['confluence:globalSettings'] ?? []).map((g) => ({
      key: g.key,
      resource: g.resource,
      ...(g.resolver?.function === undefined ? {} : { resolverFunction: g.resolver.function }),
      useAsConfig: g.useAsConfig === true,
      ...(typeof g.title === 'string' ? { title: g.title } : {}),
    })),
    globalPages: globalPages(modules['confluence:globalPage']),
    contentPropertyIndexes: contentPropertyIndexes(modules['confluence:contentProperty']),
    resources: new Map((manifest.resources ?? []).map((r) => [r.key, r.path])),
    scopes: manifest.permissions?.scopes ?? [],
    egressBackend: (manifest.permissions?.external?.fetch?.backend ?? []).map((entry) =>
      typeof entry === 'string' ? entry : entry.address,
    ),
    configurableEgress: manifest.permissions?.external?.configurable?.enabled === true,
  };
}

/** Web trigger URL formats Forge's manifest schema allows (`UrlFormat`); anything else fails validation there too. */
export type WebTriggerUrlFormat = 'v1' | 'v2';

function webTriggerUrlFormat(key: string, value: unknown): WebTriggerUrlFormat {
  if (value === 'v1' || value === 'v2') return value;
  throw new Error(`manifest.yml: webtrigger '${key}' has urlFormat ${JSON.stringify(value)}; Forge allows v1 or v2`);
}

function triggerModule(raw: RawTrigger, functionKey: string): TriggerModule {
  if (!Array.isArray(raw.events) || raw.events.length === 0) throw new Error(`manifest.yml: trigger '${raw.key}' has no events`);
  const events = raw.events.map((event) =>
    typeof event === 'string' ? { eventType: event, ...(raw.filter ? { filter: raw.filter } : {}) } : { eventType: event.eventType, filter: event.filter },
  );
  return { key: raw.key, functionKey, events, ...(raw.filter ? { filter: raw.filter } : {}) };
}

function macroConfigMode(key: string, config: RawMacroConfig | undefined): { config?: MacroConfigMode } {
  if (config === undefined || config === false) return {};
  if (config === true) return { config: { kind: 'classic' } };
  if (typeof config.resource !== 'string') throw new Error(`manifest.yml: macro '${key}' has a config object without a resource`);
  return { config: { kind: 'custom', resource: config.resource, title: config.title, openOnInsert: config.openOnInsert === true } };
}

function interpolate(value: string, declared: Map<string, string | undefined>, env: Record<string, string | undefined>): string {
  return value.replace(/\$\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g, (original, name: string) => {
    if (!declared.has(name)) return original;
    const resolved = env[name] ?? declared.get(name);
    if (resolved === undefined) throw new Error(`manifest.yml: environment variable ${name} is not set and has no default`);
    return resolved;
  });
}

interface RawTrigger {
  key: string;
  function?: string;
  endpoint?: string;
  events: (string | { eventType: string; filter: ProductEventsFilter })[];
  filter?: ProductEventsFilter;
}

type RawMacroConfig = boolean | { resource?: string; title?: string; openOnInsert?: boolean };

interface RawManifest {
  environment?: { variables?: (string | { key: string; default?: string })[] };
  modules?: {
    function?: { key: string; handler: string; timeoutSeconds?: number; runtime?: { memoryMB?: number } }[];
    macro?: {
      key: string;
      resource: string;
      resolver?: { function?: string };
      adfExport?: { function?: string };
      autoConvert?: { matchers?: { pattern: string }[] };
      config?: RawMacroConfig;
    }[];
    webtrigger?: { key: string; function: string; urlFormat?: unknown }[];
    consumer?: { key: string; queue: string; function: string }[];
    trigger?: RawTrigger[];
    'confluence:globalPage'?: unknown;
    'confluence:contentProperty'?: unknown;
    'confluence:globalSettings'?: { key: string; resource: string; title?: string | { i18n: string }; resolver?: { function?: string }; useAsConfig?: boolean }[];
  };
  resources?: { key: string; path: string }[];
  app: { id: string; runtime: { name: string; memoryMB?: number } };
  permissions?: { scopes?: string[]; external?: { fetch?: { backend?: (string | { address: string })[] }; configurable?: { enabled?: unknown } } };
}
