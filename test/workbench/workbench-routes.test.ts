import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { createEngineeringSystem } from '../../local/engineering';
import { DEMO_MACROS, seedDemoSite, type AdfDocument } from '../../local/platform/confluence';
import { appFromExports } from '../../local/platform/loaded-app';
import { createLocalPlatform, LOCAL_CLOUD_ID } from '../../local/platform/platform';
import { createWorkbenchRoutes } from '../../local/workbench';
import { findMacro, findMacros, macroConfig } from '../../local/workbench/server/macro-locator';

const ORIGIN = 'http://127.0.0.1:4000';
const platform = createLocalPlatform({ queue: { autoStart: false } });
const engineering = createEngineeringSystem({ db: platform.db, token: 'test-token' });
// The resolvers (the macro's and the admin page's) echo what the platform hands them, so tests see the context the server built.
const echo = async (request: { call: { payload: unknown }; context: unknown }) => ({ context: request.context, payload: request.call.payload });
platform.loadApp(
  appFromExports(
    { resolver: echo, adminResolver: echo, whereUsedResolver: echo },
    { kind: 'stand-in', name: 'echo resolver' },
  ),
);
const buildDir = mkdtempSync(join(tmpdir(), 'workbench-build-'));
writeFileSync(join(buildDir, 'host.js'), 'console.log("host")');
// A Forge build as Atlassian's bundler lays it out: the resource's entry script and a lazy chunk.
const forgeBuildDir = mkdtempSync(join(tmpdir(), 'workbench-forge-build-'));
mkdirSync(join(forgeBuildDir, 'resources', 'macro-ui'), { recursive: true });
writeFileSync(join(forgeBuildDir, 'resources', 'macro-ui', 'macro-ui.js'), 'console.log("app")');
writeFileSync(join(forgeBuildDir, 'resources', 'macro-ui', '126.js'), 'console.log("chunk")');
const forgeReport = {
  bundler: '@forge/bundler@test',
  inputsHash: 'x',
  builtAt: new Date(0).toISOString(),
  durationMs: 0,
  backend: { dir: 'backend', files: [], bundledPackages: [] },
  resources: [{ key: 'macro-ui', dir: join('resources', 'macro-ui'), scripts: ['macro-ui.js'], files: [] }],
};
const routesOptions = {
  platform,
  engineering,
  staticDir: join(__dirname, '..', '..', 'static'),
  buildDir,
  appUi: { kind: 'forge-build' as const, buildDir: forgeBuildDir, report: forgeReport },
  ready: Promise.resolve(),
  builds: { reports: () => [], subscribe: () => () => undefined },
};
let routes = createWorkbenchRoutes(routesOptions);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the JSON body it expects
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; response: Response }> {
  const url = new URL(path, ORIGIN);
  const route = routes.find((r) => url.pathname === r.prefix || url.pathname.startsWith(r.prefix.endsWith('/') ? r.prefix : `${r.prefix}/`))!;
  const response = await route.handle(new Request(url, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) }));
  const text = await response.clone().text();
  return { status: response.status, json: text.startsWith('{') ? JSON.parse(text) : undefined, response };
}

function gearbox() {
  return platform.confluence.admin.listPages().find((page) => page.title.startsWith('Gearbox'))!;
}

beforeEach(async () => {
  seedDemoSite(platform.confluence);
  await call('POST', '/__workbench/api/reset');
});

test('builds the resolver context from the page body and ignores page and config sent by the browser', async () => {
  const { status, json } = await call('POST', '/__local/invoke', {
    localId: DEMO_MACROS.gearboxCard,
    functionKey: 'getSpecs',
    payload: { q: 1 },
    pageId: 'forged-page',
    config: { specIds: 'EVIL-1' },
  });

  expect(status).toBe(200);
  expect(json.result.payload).toEqual({ q: 1 });
  expect(json.result.context).toMatchObject({
    localId: DEMO_MACROS.gearboxCard,
    extension: { type: 'macro', content: { id: gearbox().id }, space: { key: 'ENG' }, isEditing: false, config: { specIds: 'SHAFT-1042', layout: 'card' } },
  });
});

test('answers getContext with the macro extension context and the requested edit mode', async () => {
  const { json } = await call('GET', `/__workbench/api/macros/${DEMO_MACROS.gearboxTable}/context?isEditing=true`);

  expect(json).toMatchObject({ localId: DEMO_MACROS.gearboxTable, moduleKey: 'spec-bridge', environmentType: 'DEVELOPMENT', accountId: 'local-admin' });
  expect(json.extension).toMatchObject({ type: 'macro', isEditing: true, content: { id: gearbox().id }, config: { layout: 'table' } });
  expect(typeof json.locale).toBe('string');
});

test('saves the config into the page body as a new version that the next resolver call sees', async () => {
  const before = gearbox().version.number;

  const saved = await call('PUT', `/__workbench/api/macros/${DEMO_MACROS.gearboxCard}/config`, { config: { specIds: 'BRG-3001', layout: 'parameters' } });
  const invoked = await call('POST', '/__local/invoke', { localId: DEMO_MACROS.gearboxCard, functionKey: 'getSpecs' });

  expect(saved.status).toBe(200);
  expect(gearbox().version.number).toBe(before + 1);
  expect(macroConfig(findMacro(JSON.parse(gearbox().body) as AdfDocument, DEMO_MACROS.gearboxCard)!)).toEqual({ specIds: 'BRG-3001', layout: 'parameters' });
  expect(invoked.json.result.context.extension.config).toEqual({ specIds: 'BRG-3001', layout: 'parameters' });
});

test('refuses a config save by a user who may only view the page', async () => {
  await call('POST', '/__workbench/api/user', { accountId: 'alice' });

  const { status } = await call('PUT', `/__workbench/api/macros/${DEMO_MACROS.gearboxCard}/config`, { config: { specIds: 'X-1' } });

  expect(status).toBe(403);
});

test('hides macros on pages the local user cannot view', async () => {
  await call('POST', '/__workbench/api/user', { accountId: 'bob' });

  const invoked = await call('POST', '/__local/invoke', { localId: DEMO_MACROS.supplierCard, functionKey: 'getSpecs' });
  const site = await call('GET', '/__workbench/api/site');

  expect(invoked.status).toBe(404);
  expect(site.json.pages.map((page: { title: string }) => page.title)).not.toContain('Supplier quote (restricted)');
});

test("lists the app's admin page and opens it with the context Forge gives a globalSettings module, for the signed-in user", async () => {
  const site = await call('GET', '/__workbench/api/site');
  expect(site.json.settingsPages).toEqual([{ key: 'spec-bridge-settings', resource: 'admin-ui', title: 'Spec Bridge' }]);
  expect((await call('GET', '/__workbench/frame?resource=admin-ui&frame=s1')).status).toBe(200);

  const context = await call('GET', '/__workbench/api/settings/spec-bridge-settings/context');
  expect(context.json).toMatchObject({ accountId: 'local-admin', cloudId: LOCAL_CLOUD_ID, moduleKey: 'spec-bridge-settings', extension: { type: 'confluence:globalSettings' } });
  expect(context.json.extension).not.toHaveProperty('content');
  expect((await call('GET', '/__workbench/api/settings/nope/context')).status).toBe(404);
});

test("routes the admin page's invoke calls to the module's resolver as whoever is signed in, admin or not", async () => {
  await call('POST', '/__workbench/api/user', { accountId: 'alice' });

  const invoked = await call('POST', '/__workbench/api/settings/spec-bridge-settings/invoke', { functionKey: 'getAdminState', payload: { x: 1 }, accountId: 'local-admin' });

  expect(invoked.status).toBe(200);
  expect(invoked.json.result.payload).toEqual({ x: 1 });
  expect(invoked.json.result.context).toMatchObject({ accountId: 'alice', moduleKey: 'spec-bridge-settings', extension: { type: 'confluence:globalSettings' } });
  expect((await call('POST', '/__workbench/api/settings/spec-bridge-settings/invoke', {})).status).toBe(400);
});

test("lists the app's where-used page (confluence:globalPage) and routes its calls to its resolver as the signed-in user", async () => {
  await call('POST', '/__workbench/api/user', { accountId: 'alice' });

  const site = await call('GET', '/__workbench/api/site');
  const context = await call('GET', '/__workbench/api/apps/spec-bridge-where-used/context');
  const invoked = await call('POST', '/__workbench/api/apps/spec-bridge-where-used/invoke', { functionKey: 'getWhereUsed', payload: { cursor: 'c1' } });

  expect(site.json.appPages).toEqual([{ key: 'spec-bridge-where-used', resource: 'where-used-ui', title: 'Spec Bridge where-used' }]);
  expect(context.json).toMatchObject({ accountId: 'alice', moduleKey: 'spec-bridge-where-used', extension: { type: 'confluence:globalPage', route: 'spec-bridge-where-used' } });
  expect(invoked.json.result).toMatchObject({ payload: { cursor: 'c1' }, context: { accountId: 'alice', extension: { type: 'confluence:globalPage' } } });
  expect((await call('GET', '/__workbench/api/apps/spec-bridge-settings/context')).status).toBe(404);
  expect((await call('POST', '/__workbench/api/apps/spec-bridge-where-used/invoke', {})).status).toBe(400);
});

test('inserts a new macro with its own localId and no config at the end of the page', async () => {
  const { status, json } = await call('POST', `/__workbench/api/pages/${gearbox().id}/macros`, { moduleKey: 'spec-bridge' });

  const macros = findMacros(JSON.parse(gearbox().body) as AdfDocument);
  expect(status).toBe(200);
  expect(macros).toHaveLength(3);
  expect(macros.at(-1)!.attrs?.parameters).toMatchObject({ localId: json.localId, guestParams: {} });
  expect(Object.values(DEMO_MACROS)).not.toContain(json.localId);
});

test('publishes an engineering edit and reports a bad field as a 400', async () => {
  const ok = await call('PATCH', '/__workbench/api/specs/SHAFT-1042', { revision: 'D' });
  const bad = await call('PATCH', '/__workbench/api/specs/SHAFT-1042', { status: 'flying' });

  expect(ok.json.spec).toMatchObject({ id: 'SHAFT-1042', revision: 'D' });
  expect(bad.status).toBe(400);
  expect(bad.json.field).toBe('status');
});

test('resets engineering records, the demo site, KVS and the queue', async () => {
  await call('PATCH', '/__workbench/api/specs/SHAFT-1042', { revision: 'D' });
  await call('PUT', `/__workbench/api/macros/${DEMO_MACROS.gearboxCard}/config`, { config: { specIds: 'BRG-3001' } });
  platform.db.prepare('INSERT INTO kvs_entries (namespace, key, value, created_at, updated_at) VALUES (?, ?, ?, 0, 0)').run('app', 'cache:x', '1');

  await call('POST', '/__workbench/api/reset');

  expect(engineering.admin.getSpec('SHAFT-1042')!.revision).toBe('C');
  expect(macroConfig(findMacro(JSON.parse(gearbox().body) as AdfDocument, DEMO_MACROS.gearboxCard)!)).toMatchObject({ specIds: 'SHAFT-1042' });
  expect((platform.db.prepare('SELECT COUNT(*) AS n FROM kvs_entries').get() as { n: number }).n).toBe(0);
});

test("serves the macro frame with the bridge before the Forge-built UI Kit bundle and a script-only CSP", async () => {
  const { status, response } = await call('GET', '/__workbench/frame?resource=macro-ui&frame=m1');
  const html = await response.text();

  expect(status).toBe(200);
  expect(html.indexOf('/__workbench/assets/frame-bridge.js')).toBeLessThan(html.indexOf('/__workbench/resources/macro-ui/macro-ui.js'));
  expect(html).not.toContain('app-macro-ui.js');
  expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect((await call('GET', '/__workbench/frame?resource=nope')).status).toBe(404);
});

test("serves the Forge-built resource's files, its webpack chunks included, and nothing outside it", async () => {
  expect(await (await call('GET', '/__workbench/resources/macro-ui/126.js')).response.text()).toBe('console.log("chunk")');
  expect((await call('GET', '/__workbench/resources/macro-ui/..%2F..%2Freport.json')).status).toBe(404);
  expect((await call('GET', '/__workbench/resources/other/macro-ui.js')).status).toBe(404);
});

test('in the --watch loop the macro frame runs the esbuild bundle of src/ instead', async () => {
  routes = createWorkbenchRoutes({ ...routesOptions, appUi: { kind: 'sources' } });
  try {
    const html = await (await call('GET', '/__workbench/frame?resource=macro-ui')).response.text();
    expect(html.indexOf('frame-bridge.js')).toBeLessThan(html.indexOf('/__workbench/assets/app-macro-ui.js'));
    expect((await call('GET', '/__workbench/resources/macro-ui/macro-ui.js')).status).toBe(404);
  } finally {
    routes = createWorkbenchRoutes(routesOptions);
  }
});

test.each([
  ['/__workbench/assets/host.js', 200],
  ['/__workbench/assets/..%2Fsecret.js', 404],
  ['/__workbench/static/workbench.css', 200],
  ['/', 200],
  ['/somewhere-else', 404],
])('answers GET %s with %i', async (path, status) => {
  expect((await call('GET', path)).status).toBe(status);
});

test('holds a realtime subscription while the browser listens and drops it when the browser goes away', async () => {
  const route = routes.find((r) => r.prefix === '/__workbench')!;
  const disconnect = new AbortController();
  const before = platform.realtime.subscriberCount();

  const response = await route.handle(new Request(`${ORIGIN}/__workbench/events/realtime?channel=spec-bridge.spec-changes&global=true`, { signal: disconnect.signal }));
  const reader = response.body!.getReader();
  await reader.read();
  const during = platform.realtime.subscriberCount();
  disconnect.abort();

  expect(response.headers.get('content-type')).toContain('text/event-stream');
  expect(during).toBe(before + 1);
  expect(platform.realtime.subscriberCount()).toBe(before);
});

test.each([
  ['GET', '/__workbench/api/pages/%E0%A4%A'],
  ['PATCH', '/__workbench/api/specs/%zz'],
  ['GET', '/__workbench/api/macros/%zz/context'],
  ['GET', '/__workbench/static/%zz'],
])('answers %s %s, a path with malformed percent-encoding, with 400 and a JSON error', async (method, path) => {
  const { status, json } = await call(method, path);

  expect(status).toBe(400);
  expect(json).toEqual({ error: `Malformed percent-encoding in ${path}` });
});

/** JSON text `levels` objects deep, too deep for JSON.stringify to build or walk back. */
function nestedJson(levels: number): string {
  return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

async function callWithText(method: string, path: string, text: string) {
  const route = routes.find((r) => r.prefix === (path.startsWith('/__local') ? '/__local/invoke' : '/__workbench'))!;
  const response = await route.handle(new Request(new URL(path, ORIGIN), { method, body: text, headers: { 'content-type': 'application/json' } }));
  return { status: response.status, json: (await response.json()) as unknown };
}

test('refuses a config save whose JSON nests 100 000 levels deep with a 400 and leaves the page as it was', async () => {
  const before = gearbox().version.number;

  const saved = await callWithText('PUT', `/__workbench/api/macros/${DEMO_MACROS.gearboxCard}/config`, `{"config":${nestedJson(100_000)}}`);

  expect(saved).toEqual({ status: 400, json: { error: 'The JSON body nests deeper than 512 levels' } });
  expect(gearbox().version.number).toBe(before);
});

test('refuses a resolver call whose payload nests 100 000 levels deep with a 400', async () => {
  const invoked = await callWithText('POST', '/__local/invoke', `{"localId":"${DEMO_MACROS.gearboxCard}","functionKey":"getSpecs","payload":${nestedJson(100_000)}}`);

  expect(invoked).toEqual({ status: 400, json: { error: 'The JSON body nests deeper than 512 levels' } });
});

test('accepts a resolver payload nested 500 levels deep, within the limit', async () => {
  const invoked = await callWithText('POST', '/__local/invoke', `{"localId":"${DEMO_MACROS.gearboxCard}","functionKey":"getSpecs","payload":${nestedJson(500)}}`);

  expect(invoked.status).toBe(200);
});

test("the site names the macro's custom config, and a frame of its config resource is served like the macro's", async () => {
  const { json } = await call('GET', '/__workbench/api/site');

  expect(json.macroModules).toEqual([
    { key: 'spec-bridge', resource: 'macro-ui', config: { kind: 'custom', resource: 'macro-config', title: 'Spec Bridge', openOnInsert: true } },
  ]);
  routes = createWorkbenchRoutes({ ...routesOptions, appUi: { kind: 'sources' } });
  try {
    const { status, response } = await call('GET', '/__workbench/frame?resource=macro-config&frame=c1');
    expect(status).toBe(200);
    expect(await response.text()).toContain('/__workbench/assets/app-macro-config.js');
  } finally {
    routes = createWorkbenchRoutes(routesOptions);
  }
});

test('reset forgets what the engineering system heard about documentation, then lets the dev environment seed the emptied KVS again', async () => {
  const seeded: number[] = [];
  routes = createWorkbenchRoutes({
    ...routesOptions,
    afterReset: async () => seeded.push((platform.db.prepare('SELECT COUNT(*) AS n FROM kvs_entries').get() as { n: number }).n),
  });
  platform.db.prepare('INSERT INTO kvs_entries (namespace, key, value, created_at, updated_at) VALUES (?, ?, ?, 0, 0)').run('app', 'cache:y', '1');
  platform.db.prepare('INSERT INTO eng_doc_page_specs (cloud_id, page_id, spec_id) VALUES (?, ?, ?)').run(LOCAL_CLOUD_ID, '42', 'SHAFT-1042');
  try {
    await call('POST', '/__workbench/api/reset');
  } finally {
    routes = createWorkbenchRoutes(routesOptions);
  }

  // Called once, after the KVS was emptied.
  expect(seeded).toEqual([0]);
  expect((platform.db.prepare('SELECT COUNT(*) AS n FROM eng_doc_page_specs').get() as { n: number }).n).toBe(0);
});

test("answers where a record is documented, as the sample engineering system was told; 404 for a record it does not have", async () => {
  const known = await call('GET', '/__workbench/api/specs/SHAFT-1042/documentation');
  const unknown = await call('GET', '/__workbench/api/specs/NOPE-1/documentation');

  expect(known.status).toBe(200);
  expect(known.json).toEqual({ specId: 'SHAFT-1042', revision: 'C', pages: [] });
  expect(unknown.status).toBe(404);
});

test("a page link as documentation notices write it opens that page in the workbench", async () => {
  const { status, response } = await call('GET', '/wiki/pages/viewpage.action?pageId=4242');

  expect(status).toBe(302);
  expect(response.headers.get('location')).toBe('/#/pages/4242');
});
