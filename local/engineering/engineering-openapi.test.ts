import { expect, onTestFinished, test } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { DOCUMENTATION_NOTICE_TYPE, documentationWebhookId, type DocumentationPageState } from '../../src/shared/documentation-notice';
import { parseDocumentationNotice } from '../../src/shared/documentation-notice-schema';
import seedFile from './seed-specs.json';
import { ENGINEERING_ERROR_CODES } from './engineering-http';
import { ENGINEERING_ROUTES, SIGNED_ROUTES } from './engineering-routes';
import { loadContractDocument, type OpenApiDocument } from './openapi-document';
import { startSampleEngineering, type SampleEngineering } from './start-sample-engineering';
import { validateSpecPatch } from './validate-spec-patch';

const contract = loadContractDocument();
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const OUTBOUND_SECRET = 'whsec_' + Buffer.from('openapi-test-outbound-secret-32-bytes').toString('base64');

async function start() {
  const sample = await startSampleEngineering({ documentationSecrets: [OUTBOUND_SECRET] });
  onTestFinished(() => sample.close());
  return sample;
}

const PAGE_STATE: DocumentationPageState = {
  cloudId: '00000000-0000-4000-8000-0000000c10d1',
  pageId: '65601',
  contentType: 'page',
  url: 'https://example.atlassian.net/wiki/pages/viewpage.action?pageId=65601',
  version: 3,
  status: 'current',
  sequence: 2,
  title: 'Gearbox input shaft',
  specs: [
    { specId: 'SHAFT-1042', macroLocalId: 'm-1', revision: 'B', pinned: true },
    { specId: 'SHAFT-1042', macroLocalId: 'm-2', revision: null, pinned: false },
  ],
};

/** POSTs a documentation notice signed with the outbound secret (or `secret`), as Spec Bridge sends it. */
function sendDocumentation(s: SampleEngineering, data: unknown, secret = OUTBOUND_SECRET): Promise<Response> {
  const at = new Date(s.clock.now());
  const id = documentationWebhookId(data as DocumentationPageState);
  const body = JSON.stringify({ type: DOCUMENTATION_NOTICE_TYPE, timestamp: at.toISOString(), data });
  const headers = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
  return fetch(`${s.baseUrl}/documentation-notices`, { method: 'POST', headers, body });
}

function expectValid(validate: ReturnType<typeof contract.schemaAt>, value: unknown): void {
  const valid = validate(value);
  expect(validate.errors ?? [], JSON.stringify(value).slice(0, 200)).toEqual([]);
  expect(valid).toBe(true);
}

test('the document describes exactly the routes the system serves, under OpenAPI 3.1', () => {
  const documented = Object.entries(contract.doc.paths as OpenApiDocument).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );

  expect(contract.doc.openapi).toMatch(/^3\.1\.\d+$/);
  expect(documented.sort()).toEqual([...ENGINEERING_ROUTES].sort());
  expect(contract.doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(contract.doc.webhooks.specChangeNotice.post.responses).toBeDefined();
  expect(contract.doc.webhooks.documentationNotice.post.requestBody.content['application/json'].schema).toEqual({
    $ref: '#/components/schemas/DocumentationNotice',
  });
});

test('exactly the signed routes opt out of the bearer token in the document', () => {
  const unauthenticated = Object.entries(contract.doc.paths as OpenApiDocument).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => HTTP_METHODS.includes(key) && Array.isArray(item[key].security) && item[key].security.length === 0)
      .map((method) => `${method.toUpperCase()} ${path}`),
  );

  expect(unauthenticated.sort()).toEqual([...SIGNED_ROUTES].sort());
});

test('the documented error codes are the ones the system sends', () => {
  const codes = contract.doc.components.schemas.Error.properties.error.properties.code.enum;

  expect([...codes].sort()).toEqual([...ENGINEERING_ERROR_CODES].sort());
});

test('every $ref in the document resolves', () => {
  const refs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref') refs.push(value as string);
        else walk(value);
      }
    }
  };
  walk(contract.doc);

  expect(refs.length).toBeGreaterThan(20);
  for (const ref of refs) expect(() => contract.resolve(ref), ref).not.toThrow();
});

test('every example in the document validates against its schema', () => {
  const checked: string[] = [];
  for (const [path, item] of Object.entries(contract.doc.paths as OpenApiDocument)) {
    for (const method of Object.keys(item).filter((key) => HTTP_METHODS.includes(key))) {
      const operation = item[method];
      const media: Array<[string[], OpenApiDocument]> = [];
      if (operation.requestBody) {
        media.push([['paths', path, method, 'requestBody', 'content', 'application/json'], operation.requestBody.content['application/json']]);
      }
      for (const status of Object.keys(operation.responses)) {
        const { object, pointer } = contract.response(path, method, status);
        if (object.content) media.push([[...pointer, 'content', 'application/json'], object.content['application/json']]);
      }
      for (const [pointer, mediaType] of media) {
        const validate = contract.schemaAt([...pointer, 'schema']);
        const examples = Object.values((mediaType.examples ?? {}) as OpenApiDocument).map((example) =>
          example.$ref ? contract.resolve(example.$ref).object.value : example.value,
        );
        if (mediaType.example !== undefined) examples.push(mediaType.example);
        for (const example of examples) {
          expectValid(validate, example);
          checked.push(pointer.join('/'));
        }
      }
    }
  }

  expect(checked.length).toBeGreaterThanOrEqual(10);
});

test('every seed record and every earlier revision validates against SpecRecord', () => {
  const validate = contract.schemaAt(['components', 'schemas', 'SpecRecord']);
  const records = seedFile.specs.flatMap(({ history = [], ...record }: { history?: unknown[] }) => [record, ...history]);

  for (const record of records) expectValid(validate, record);
  expect(records.length).toBeGreaterThanOrEqual(50);
});

type Exchange = [label: string, docPath: string, method: string, status: string, call: (sample: SampleEngineering) => Promise<Response>];

const exchanges: Exchange[] = [
  ['a record', '/specs/{id}', 'get', '200', (s) => s.api('/specs/SHAFT-1042')],
  ['a not-modified record', '/specs/{id}', 'get', '304', async (s) => {
    const etag = (await s.api('/specs/BRG-3001')).headers.get('etag') as string;
    return s.api('/specs/BRG-3001', { headers: { 'if-none-match': etag } });
  }],
  ['an unknown record', '/specs/{id}', 'get', '404', (s) => s.api('/specs/NOPE-1')],
  ['a missing token', '/specs/{id}', 'get', '401', (s) => fetch(`${s.baseUrl}/specs/SHAFT-1042`)],
  ['a rate-limited read', '/specs/{id}', 'get', '429', (s) => {
    s.system.admin.setMode({ failAll: 429, retryAfterSeconds: 30 });
    return s.api('/specs/SHAFT-1042');
  }],
  ['an unavailable system', '/specs/{id}', 'get', '503', (s) => {
    s.system.admin.setMode({ failAll: true });
    return s.api('/specs/SHAFT-1042');
  }],
  ['a batch with a missing id', '/specs', 'get', '200', (s) => s.api('/specs?ids=PSU-4801,PSU-4802,NOPE-1')],
  ['a batch of too many ids', '/specs', 'get', '400', (s) =>
    s.api(`/specs?ids=${Array.from({ length: 51 }, (_, i) => `X-${i}`).join(',')}`)],
  ['an earlier revision', '/specs/{id}/revisions/{revision}', 'get', '200', (s) => s.api('/specs/BOLT-2004/revisions/A')],
  ['an unknown revision', '/specs/{id}/revisions/{revision}', 'get', '404', (s) => s.api('/specs/BOLT-2004/revisions/Q')],
  ['a search', '/search', 'get', '200', (s) => s.api('/search?q=supply&limit=25')],
  ['a bad search', '/search', 'get', '400', (s) => s.api('/search?q=a&limit=99')],
  ['an edit', '/specs/{id}', 'patch', '200', (s) => {
    const springRate = { name: 'Spring rate', nominal: 4.0, unit: 'N/mm', tolerance: { type: 'symmetric', value: 0.4 }, actual: 4.1 };
    return s.api('/specs/SPR-3301', { method: 'PATCH', body: JSON.stringify({ revision: 'C', parameters: [springRate] }) });
  }],
  ['a bad edit', '/specs/{id}', 'patch', '400', (s) => s.api('/specs/SPR-3301', { method: 'PATCH', body: '{"owner":42}' })],
  ['a deletion', '/specs/{id}', 'delete', '204', (s) => s.api('/specs/SPR-3301', { method: 'DELETE' })],
  ['an applied documentation notice', '/documentation-notices', 'post', '200', (s) => sendDocumentation(s, PAGE_STATE)],
  ['an older documentation notice', '/documentation-notices', 'post', '200', async (s) => {
    await sendDocumentation(s, PAGE_STATE);
    return sendDocumentation(s, { ...PAGE_STATE, sequence: 1 });
  }],
  ['an invalid documentation notice', '/documentation-notices', 'post', '400', (s) => sendDocumentation(s, { ...PAGE_STATE, version: 0 })],
  ['a documentation notice signed with another key', '/documentation-notices', 'post', '401', (s) =>
    sendDocumentation(s, PAGE_STATE, 'whsec_' + Buffer.from('not-the-outbound-secret-of-32-bytes').toString('base64'))],
  ['a documented spec', '/specs/{id}/documentation', 'get', '200', async (s) => {
    await sendDocumentation(s, PAGE_STATE);
    await sendDocumentation(s, { ...PAGE_STATE, pageId: '65602', contentType: 'blogpost', url: null, status: 'archived', sequence: 9 });
    return s.api('/specs/SHAFT-1042/documentation');
  }],
  ['an undocumented spec', '/specs/{id}/documentation', 'get', '200', (s) => s.api('/specs/BRG-3001/documentation')],
  ['documentation of an unknown spec', '/specs/{id}/documentation', 'get', '404', (s) => s.api('/specs/NOPE-1/documentation')],
  ['documentation of a malformed id', '/specs/{id}/documentation', 'get', '400', (s) => s.api('/specs/nope/documentation')],
  ['documentation without a token', '/specs/{id}/documentation', 'get', '401', (s) => fetch(`${s.baseUrl}/specs/SHAFT-1042/documentation`)],
];

test.each(exchanges)('%s matches the documented response', async (_label, docPath, method, status, call) => {
  const sample = await start();
  const documented = contract.response(docPath, method, status);

  const response = await call(sample);
  const text = await response.text();

  expect(String(response.status)).toBe(status);
  for (const [name, header] of Object.entries((documented.object.headers ?? {}) as OpenApiDocument)) {
    const definition = header.$ref ? contract.resolve(header.$ref).object : header;
    if (definition.required) expect(response.headers.get(name), name).not.toBeNull();
    if (definition.schema?.type === 'integer' && response.headers.has(name)) expect(response.headers.get(name)).toMatch(/^\d+$/);
  }
  if (documented.object.content === undefined) {
    expect(text).toBe('');
  } else {
    expect(response.headers.get('content-type')).toBe('application/json');
    expectValid(contract.schemaAt([...documented.pointer, 'content', 'application/json', 'schema']), JSON.parse(text));
  }
});

test.each([
  [{}],
  [{ title: 'Drive shaft', status: 'released', owner: 'Ingrid Halvorsen', revision: 'D' }],
  [{ parameters: [{ name: 'V', nominal: null, unit: 'V', tolerance: { type: 'limits', min: 4.75, max: 5.25 }, actual: 5 }] }],
  [{ parameters: [{ name: 'd', nominal: 25, unit: 'mm', tolerance: { type: 'deviation', upper: 0, lower: 0.013 } }] }],
  [{ status: 'approved' }],
  [{ revision: '' }],
  [{ colour: 'red' }],
  [{ parameters: [{ name: 'd', nominal: 25 }] }],
  [{ parameters: [{ name: 'd', nominal: 25, unit: 'mm', tolerance: { type: 'deviation', upper: 0.1, lower: -0.1 } }] }],
  [{ parameters: [{ name: 'd', nominal: 25, unit: 'mm', tolerance: { type: 'range', min: 1, max: 2 } }] }],
  [{ parameters: [{ name: 'd', nominal: 25, unit: 'mm', extra: true }] }],
  [[]],
])('the documented SpecPatch schema and the server agree on %j', (body) => {
  const validate = contract.schemaAt(['components', 'schemas', 'SpecPatch']);

  expect(validateSpecPatch(body).ok).toBe(validate(body));
});

const notice = (data: Record<string, unknown>, top: Record<string, unknown> = {}) => ({
  type: DOCUMENTATION_NOTICE_TYPE,
  timestamp: '2026-11-30T10:00:00Z',
  data: { ...PAGE_STATE, ...data },
  ...top,
});

test.each([
  [notice({})],
  [notice({ url: null, title: '', spaceKey: 'ENG' })],
  [notice({ status: 'gone', specs: [] })],
  [notice({ status: 'gone' })],
  [notice({ status: 'archived', contentType: 'blogpost' })],
  [notice({}, { type: 'spec.updated' })],
  [notice({}, { timestamp: 'yesterday' })],
  [notice({}, { extra: true })],
  [notice({ restricted: true })],
  [notice({ pageId: 'p-1' })],
  [notice({ cloudId: '' })],
  [notice({ url: 'ftp://example.com/x' })],
  [notice({ version: 0 })],
  [notice({ sequence: 1.5 })],
  [notice({ spaceKey: '' })],
  [notice({ specs: [{ specId: 'S-1', macroLocalId: 'm', revision: null, pinned: true }] })],
  [notice({ specs: [{ specId: 'S-1', macroLocalId: 'm', revision: '', pinned: false }] })],
  [notice({ specs: [{ specId: 's-1', macroLocalId: 'm', revision: 'A', pinned: false }] })],
  [notice({ specs: [{ specId: 'S-1', macroLocalId: 'a b', revision: 'A', pinned: false }] })],
  [notice({ specs: [{ specId: 'S-1', macroLocalId: 'm', revision: 'A', pinned: false, extra: 1 }] })],
  [{ type: DOCUMENTATION_NOTICE_TYPE, timestamp: '2026-11-30T10:00:00Z' }],
])('the documented DocumentationNotice schema and the shared validator agree on %j', (body) => {
  const validate = contract.schemaAt(['components', 'schemas', 'DocumentationNotice']);

  expect(parseDocumentationNotice(body).ok).toBe(validate(body));
});
