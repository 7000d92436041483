/**
 * The CUSTOMER_MANAGED_EGRESS switch on the Forge-built app: off by default, reported to the admin page when on; and
 * with Spec Bridge's own manifest.yml (which does not set `permissions.external.configurable`) the switch alone opens
 * no egress: Forge's egress calls fail and a host outside the manifest stays unreachable.
 */
import { afterEach, expect, test } from 'vitest';
import type { AdminState, TestConnectionResult } from '../../src/shared/admin-contract';
import { expectOk, startApp, TEST_ENG_TOKEN, type TestApp } from '../support/start-app';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

test('the admin page is told customer-managed egress is off unless the deployment sets CUSTOMER_MANAGED_EGRESS=true', async () => {
  app = await startApp();
  expect(expectOk(await app.invokeAdmin<AdminState>('getAdminState')).capabilities).toEqual({ customerManagedEgress: false });
  await app.close();

  app = await startApp({ env: { CUSTOMER_MANAGED_EGRESS: 'true' } });
  expect(expectOk(await app.invokeAdmin<AdminState>('getAdminState')).capabilities).toEqual({ customerManagedEgress: true });
});

test("with the switch on but Spec Bridge's manifest unchanged, an admin cannot allow a host and it stays unreachable", async () => {
  app = await startApp({ env: { CUSTOMER_MANAGED_EGRESS: 'true' } });
  expect(app.platform.manifest.configurableEgress).toBe(false);
  const payload = { egresses: [{ key: 'engineering-api', description: 'Engineering API', configured: [{ domain: 'plm.elsewhere.example', type: ['FETCH_BACKEND_SIDE' as const] }] }] };
  await expect(app.platform.customerEgress.set(payload, 'local-admin')).rejects.toMatchObject({ code: 'NOT_ENABLED' });
  const tested = expectOk(await app.invokeAdmin<TestConnectionResult>('testConnection', { baseUrl: 'https://plm.elsewhere.example/api', token: TEST_ENG_TOKEN, sampleId: 'SHAFT-1042' }));
  expect(tested).toMatchObject({ ok: false, reason: expect.stringMatching(/Forge does not allow Spec Bridge to reach this host/) });
});
