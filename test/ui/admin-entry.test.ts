import { expect, test } from 'vitest';
import { FakeAdminBackend } from './fake-admin-backend';
import { visibleText } from './forge-doc';
import { installBridge, waitFor } from './harness';
import { failOnReactWarnings } from './no-react-warnings';

failOnReactWarnings();

test('the admin entry renders the site-admin page into a Root tree, loading the settings through the admin resolver', async () => {
  const harness = installBridge();
  harness.reset();
  harness.resolver = new FakeAdminBackend().answer;
  harness.expectNewRoot();

  await import('../../src/frontend/admin/index');

  await waitFor(() => expect(visibleText(harness.root)).toContain('Not connected'));
  expect(visibleText(harness.root)).toContain('Connection\nIntegrators\nDeliveries\nHealth\nAllow-list\nAudit');
  expect(harness.invokeCount('getAdminState')).toBe(1);
});
