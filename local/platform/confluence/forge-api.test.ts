/**
 * Drives the emulated Confluence through the real, unmodified @forge/api package: the runtime
 * globals it reads are installed first, and `__forge_fetch__` hands its requests to the service.
 */
import { expect, test } from 'vitest';
import type { Principal } from '../service';
import { createOpenApiValidator } from './openapi-validator';
import { seedDemoSite } from './seed-demo-site';
import { createTestConfluence } from './test-confluence';

interface FetchTarget {
  type: string;
  provider: 'app' | 'user' | 'none';
  remote?: string;
  accountId?: string;
}

const site = createTestConfluence();
const demo = seedDemoSite(site.service);
const runtime = forgeRuntime();
const globals = globalThis as Record<string, unknown>;
globals.__forge_runtime__ = runtime;
globals.__forge_fetch__ = (target: FetchTarget, path: string, init?: RequestInit) =>
  site.service.handle({
    method: init?.method ?? 'GET',
    path,
    headers: new Headers(init?.headers),
    body: typeof init?.body === 'string' ? init.body : '',
    principal: principalOf(target),
  });
const { default: api, assumeTrustedRoute, route } = await import('@forge/api');

const openApi = createOpenApiValidator();
const PROPERTIES = '/pages/{page-id}/properties';
const PROPERTY = '/pages/{page-id}/properties/{property-id}';

type Property = { id: string; key: string; value: unknown; version: { number: number; authorId: string } };
type PropertyList = { results: Property[]; _links: { next?: string } };

function principalOf(target: FetchTarget): Principal {
  if (target.provider !== 'user') return { kind: 'app' };
  return { kind: 'user', accountId: target.accountId ?? runtime.aaid ?? '' };
}

function forgeRuntime() {
  const counter = { incr() {}, incrBy() {}, decr() {}, decrBy() {} };
  return {
    proxy: { token: 'local-token', url: 'http://127.0.0.1:9' },
    contextAri: 'ari:cloud:confluence::site/00000000-0000-4000-8000-0000000c10d1',
    container: {},
    appContext: {
      appId: '00000000-0000-4000-8000-000000000000',
      appVersion: '1.0.0',
      environmentId: '00000000-0000-4000-8000-00000000e0e0',
      environmentType: 'DEVELOPMENT',
      invocationId: 'invocation-1',
      installationId: 'installation-1',
      functionKey: 'resolver',
      moduleType: 'confluence:macro',
      moduleKey: 'spec-bridge',
    },
    aaid: undefined as string | undefined,
    lambdaContext: { awsRequestId: 'request-1', getRemainingTimeInMillis: () => 25_000 },
    tracing: { traceId: 'trace-1', spanId: 'span-1' },
    realtime: {},
    metrics: { counter: () => counter, timing: () => ({ measure: () => ({ stop() {} }) }), gauge: () => ({ set() {} }) },
    featureFlags: () => false,
  };
}

function jsonInit(method: string, body: unknown) {
  return { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Accept: 'application/json' } };
}

test('asApp creates, finds by key, updates and deletes a property on a page', async () => {
  const confluence = api.asApp();
  const pageId = demo.pages.gearbox;
  const key = 'spec-bridge.snapshot.round-trip';

  const created = await confluence.requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties`, jsonInit('POST', { key, value: { n: 1 } }));
  const createdJson = (await created.json()) as Property;
  const found = await confluence.requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties?key=${key}`);
  const foundJson = (await found.json()) as PropertyList;
  const updated = await confluence.requestConfluence(
    route`/wiki/api/v2/pages/${pageId}/properties/${createdJson.id}`,
    jsonInit('PUT', { key, value: { n: 2 }, version: { number: 2, message: 'refresh' } }),
  );
  const updatedJson = (await updated.json()) as Property;
  const deleted = await confluence.requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties/${createdJson.id}`, { method: 'DELETE' });
  const afterDelete = (await (await confluence.requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties?key=${key}`)).json()) as PropertyList;

  expect(created.status).toBe(200);
  expect(openApi.responseErrors(PROPERTIES, 'post', '200', createdJson, { closed: true })).toEqual([]);
  expect(openApi.responseErrors(PROPERTIES, 'get', '200', foundJson, { closed: true })).toEqual([]);
  expect(foundJson.results).toEqual([createdJson]);
  expect(updated.status).toBe(200);
  expect(openApi.responseErrors(PROPERTY, 'put', '200', updatedJson, { closed: true })).toEqual([]);
  expect(updatedJson).toMatchObject({ id: createdJson.id, value: { n: 2 }, version: { number: 2, authorId: 'app-spec-bridge' } });
  expect(deleted.status).toBe(204);
  expect(afterDelete.results).toEqual([]);
});

test('a PUT with a stale version answers 409 through @forge/api', async () => {
  const confluence = api.asApp();
  const pageId = demo.pages.psu;
  const created = (await (
    await confluence.requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties`, jsonInit('POST', { key: 'stale', value: 1 }))
  ).json()) as Property;
  await confluence.requestConfluence(
    route`/wiki/api/v2/pages/${pageId}/properties/${created.id}`,
    jsonInit('PUT', { key: 'stale', value: 2, version: { number: 2 } }),
  );

  const stale = await confluence.requestConfluence(
    route`/wiki/api/v2/pages/${pageId}/properties/${created.id}`,
    jsonInit('PUT', { key: 'stale', value: 3, version: { number: 2 } }),
  );

  expect(stale.status).toBe(409);
  expect(stale.ok).toBe(false);
  expect(await stale.json()).toMatchObject({ errors: [{ status: 409, code: 'CONFLICT' }] });
});

test('a 33 KB value answers 413 through @forge/api', async () => {
  const value = { blob: 'x'.repeat(33 * 1024) };

  const response = await api.asApp().requestConfluence(
    route`/wiki/api/v2/pages/${demo.pages.psu}/properties`,
    jsonInit('POST', { key: 'too-big', value }),
  );

  expect(response.status).toBe(413);
  expect(await response.json()).toMatchObject({ errors: [{ status: 413, code: 'REQUEST_ENTITY_TOO_LARGE' }] });
});

test('the restricted page is 404 for bob (asUser) and 200 for the app', async () => {
  const pageId = demo.pages.restricted;
  runtime.aaid = 'bob';

  const pageForBob = await api.asUser().requestConfluence(route`/wiki/api/v2/pages/${pageId}`);
  const propertiesForBob = await api.asUser().requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties`);
  const pageForAlice = await api.asUser('alice').requestConfluence(route`/wiki/api/v2/pages/${pageId}`);
  const pageForApp = await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${pageId}?body-format=atlas_doc_format`);
  const appJson = await pageForApp.json();

  expect(pageForBob.status).toBe(404);
  expect(propertiesForBob.status).toBe(404);
  expect(pageForAlice.status).toBe(200);
  expect(pageForApp.status).toBe(200);
  expect(openApi.responseErrors('/pages/{id}', 'get', '200', appJson, { closed: true })).toEqual([]);
  expect(JSON.stringify(appJson)).toContain(demo.macros.supplierCard);
});

test('the viewer alice gets 403 writing a property as herself while the app may write it', async () => {
  const pageId = demo.pages.gearbox;
  const body = { key: `spec-bridge.snapshot.${demo.macros.gearboxCard}`, value: { specs: [] } };

  const asAlice = await api.asUser('alice').requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties`, jsonInit('POST', body));
  const asApp = await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties`, jsonInit('POST', body));

  expect(asAlice.status).toBe(403);
  expect(asApp.status).toBe(200);
});

test('following _links.next with a cursor visits every property once', async () => {
  const confluence = api.asApp();
  const pageId = site.admin.createPage({ spaceId: demo.spaceId, title: 'Many properties' }).id;
  const keys = Array.from({ length: 7 }, (_, index) => `p-${index}`);
  for (const key of keys) {
    await confluence.requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties`, jsonInit('POST', { key, value: key }));
  }

  const seen: string[] = [];
  let response = await confluence.requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties?limit=${3}`);
  let requests = 1;
  for (;;) {
    const json = (await response.json()) as PropertyList;
    expect(openApi.responseErrors(PROPERTIES, 'get', '200', json, { closed: true })).toEqual([]);
    seen.push(...json.results.map((property) => property.key));
    if (!json._links.next) break;
    expect(response.headers.get('link')).toContain(`<${json._links.next}>; rel="next"`);
    response = await confluence.requestConfluence(assumeTrustedRoute(json._links.next));
    requests += 1;
  }

  expect(seen).toEqual(keys);
  expect(requests).toBe(3);
});
