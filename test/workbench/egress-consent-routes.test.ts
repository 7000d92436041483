import { afterEach, expect, test } from 'vitest';
import { LOCAL_ADMIN_ACCOUNT_ID } from '../../local/platform/confluence';
import type { LocalPlatform } from '../../local/platform/platform';
import { MAX_OPEN_CONSENTS } from '../../local/workbench/server/egress-consent-routes';
import { egressWorkbench, engineeringGroup } from './egress-workbench';

/**
 * The workbench's consent dialog for `permissions.egress.set`, server side: the page opens a consent as the signed-in
 * user, then answers it; only a site admin gets a dialog. The platform's manifest (a temp dir) enables configurable
 * egress, or not.
 */
const open: LocalPlatform[] = [];
afterEach(() => {
  while (open.length > 0) open.pop()!.close();
});

function workbench(configurable: boolean) {
  const made = egressWorkbench(configurable);
  open.push(made.platform);
  return made;
}

test('the admin allows: the consent waits for the answer, then set resolves with the groups saved and get lists them', async () => {
  const { platform, call } = workbench(true);

  const started = await call('/__workbench/api/egress/consents', engineeringGroup());

  expect(started.status).toBe(202);
  expect(started.json.egresses).toEqual(engineeringGroup().egresses);
  expect(platform.customerEgress.pending()).toEqual([expect.objectContaining({ id: started.json.consentId, accountId: LOCAL_ADMIN_ACCOUNT_ID })]);
  expect((await call('/__workbench/api/egress/get', {})).json).toEqual({ result: { results: [] } });

  const approved = await call(`/__workbench/api/egress/consents/${started.json.consentId}`, { decision: 'approve' });

  expect(approved).toEqual({ status: 200, json: { result: { results: engineeringGroup().egresses } } });
  expect(platform.customerEgress.pending()).toEqual([]);
  expect((await call('/__workbench/api/egress/get', { keys: ['engineering-api'] })).json).toEqual({ result: { results: engineeringGroup().egresses } });
  expect((await call(`/__workbench/api/egress/consents/${started.json.consentId}`, { decision: 'approve' })).status).toBe(404);
});

test("the admin doesn't allow: set rejects as declined and nothing is saved", async () => {
  const { platform, call } = workbench(true);
  const started = await call('/__workbench/api/egress/consents', engineeringGroup());

  const declined = await call(`/__workbench/api/egress/consents/${started.json.consentId}`, { decision: 'decline' });

  expect(declined).toEqual({ status: 403, json: { code: 'DECLINED', error: 'The administrator declined the egress request' } });
  expect(platform.customerEgress.pending()).toEqual([]);
  expect(await platform.customerEgress.get()).toEqual({ results: [] });
});

test('a non-admin is refused at once, with no consent opened', async () => {
  const { platform, call } = workbench(true);
  expect((await call('/__workbench/api/user', { accountId: 'alice' })).status).toBe(200);

  const started = await call('/__workbench/api/egress/consents', engineeringGroup());

  expect(started).toEqual({ status: 403, json: { code: 'FORBIDDEN', error: "Only a site administrator can change the app's egress" } });
  expect(platform.customerEgress.pending()).toEqual([]);
});

test('only the admin who opened a consent can allow it; closing the dialog as another user declines it', async () => {
  const { platform, call } = workbench(true);
  const started = await call('/__workbench/api/egress/consents', engineeringGroup());
  await call('/__workbench/api/user', { accountId: 'alice' });

  const byAlice = await call(`/__workbench/api/egress/consents/${started.json.consentId}`, { decision: 'approve' });

  expect(byAlice.status).toBe(403);
  expect(platform.customerEgress.pending()).toHaveLength(1);
  expect(await platform.customerEgress.get()).toEqual({ results: [] });
  expect((await call(`/__workbench/api/egress/consents/${started.json.consentId}`, { decision: 'decline' })).json.code).toBe('DECLINED');
  expect(platform.customerEgress.pending()).toEqual([]);
});

test('without configurable egress in the manifest, set and get are refused with a 400 and no consent opens', async () => {
  const { platform, call } = workbench(false);

  const started = await call('/__workbench/api/egress/consents', engineeringGroup());
  const read = await call('/__workbench/api/egress/get', {});

  expect(started.status).toBe(400);
  expect(started.json.code).toBe('NOT_ENABLED');
  expect(read.status).toBe(400);
  expect(read.json.code).toBe('NOT_ENABLED');
  expect(platform.customerEgress.pending()).toEqual([]);
});

test(`at most ${MAX_OPEN_CONSENTS} consents wait: one more declines the oldest`, async () => {
  const { platform, call } = workbench(true);
  const ids: string[] = [];
  for (let i = 0; i <= MAX_OPEN_CONSENTS; i++) ids.push((await call('/__workbench/api/egress/consents', engineeringGroup())).json.consentId as string);

  expect(platform.customerEgress.pending().map((c) => c.id)).toEqual(ids.slice(1));
  expect((await call(`/__workbench/api/egress/consents/${ids[0]}`, { decision: 'approve' })).status).toBe(404);
  expect((await call(`/__workbench/api/egress/consents/${ids[1]}`, { decision: 'approve' })).status).toBe(200);
});
