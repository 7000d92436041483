import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { localSecretInfo, seedLocalSecrets } from '../../local/dev-secrets';
import { LOCAL_OUTBOUND_SECRET, LOCAL_QUERY_SECRET } from '../../local/keys/local-bridge-secrets';
import { LOCAL_WEBHOOK_SECRET } from '../../local/keys/local-webhook-secret';
import { startLocalServer, type LocalServer } from '../../local/platform/http-server';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';

/** `npm run dev`'s local secrets by purpose: seeded into the site's secret set, listed on `/__local/info`. */
const manifest = `
modules:
  function:
    - { key: noop, handler: index.noop }
app:
  id: ari:cloud:ecosystem::app/44444444-4444-4444-8444-444444444444
  runtime: { name: nodejs24.x }
`;

let platform: LocalPlatform | undefined;
let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  platform?.close();
});

async function start(): Promise<void> {
  const appDir = mkdtempSync(join(tmpdir(), 'spec-bridge-local-secrets-'));
  writeFileSync(join(appDir, 'manifest.yml'), manifest);
  platform = createLocalPlatform({ appDir, queue: { autoStart: false } });
  server = await startLocalServer({ platform, localSecrets: () => localSecretInfo(LOCAL_WEBHOOK_SECRET) });
}

async function info(): Promise<{ secrets: { purpose: string; direction: string; secret: string | null; source: string }[] }> {
  const response = await fetch(`${server?.origin}/__local/info`);
  return (await response.json()) as { secrets: { purpose: string; direction: string; secret: string | null; source: string }[] };
}

test('/__local/info lists the local secrets by purpose once the dev environment seeded the outbound and query ones', async () => {
  await start();
  expect((await info()).secrets.filter((s) => s.secret !== null).map((s) => s.direction)).toEqual(['inbound']);

  await seedLocalSecrets();

  expect((await info()).secrets).toEqual([
    { purpose: 'change notices (inbound)', direction: 'inbound', source: 'WEBHOOK_SECRET', secret: LOCAL_WEBHOOK_SECRET },
    { purpose: 'documentation notices (outbound)', direction: 'outbound', source: 'the site secret set (admin page → Secrets)', secret: LOCAL_OUTBOUND_SECRET },
    { purpose: 'queries', direction: 'query', source: 'the site secret set (admin page → Secrets)', secret: LOCAL_QUERY_SECRET },
  ]);
});

test("seeding keeps a secret an admin created and /__local/info never shows that one's value", async () => {
  await start();
  const { writeWebhookSecretSet } = await import('../../src/kvs/site-settings');
  const adminSecret = 'whsec_' + Buffer.from('an-admin-created-outbound-secret-000').toString('base64');
  await writeWebhookSecretSet([{ id: 'admin-1', direction: 'outbound', secret: adminSecret, createdAt: Date.now(), role: 'current' }]);

  await seedLocalSecrets();
  await seedLocalSecrets(); // idempotent

  const { readWebhookSecretSet } = await import('../../src/kvs/site-settings');
  expect((await readWebhookSecretSet()).map((item) => [item.id, item.direction])).toEqual([
    ['admin-1', 'outbound'],
    ['local-dev-query', 'query'],
  ]);
  const listed = (await info()).secrets;
  expect(listed.find((s) => s.direction === 'outbound')).toMatchObject({ secret: null, source: 'the site secret set (admin page → Secrets)' });
  expect(JSON.stringify(listed)).not.toContain(adminSecret);
});
