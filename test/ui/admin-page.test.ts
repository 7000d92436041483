import { afterEach, describe, expect, test } from 'vitest';
import { findByType, functionPropId, tableRows, visibleText, type ForgeDoc } from './forge-doc';
import { FakeAdminBackend } from './fake-admin-backend';
import { waitFor, type BridgeHarness } from './harness';
import { mountAdminPage, type MountedMacro } from './mount-macro';
import { failOnReactWarnings } from './no-react-warnings';

failOnReactWarnings();
let mounted: MountedMacro | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

const TOKEN = 'plm-token-9c1e7d3b4f2a';
const SAMPLE = { id: 'SHAFT-1042', title: 'Drive shaft', revision: 'C', status: 'released' };

/** Opens the admin page against `backend` and waits until it has loaded. */
async function openPage(backend: FakeAdminBackend, props: { pollEveryMs?: number } = {}, prepare?: (harness: BridgeHarness) => void): Promise<BridgeHarness> {
  mounted = await mountAdminPage((h) => {
    h.resolver = backend.answer;
    prepare?.(h);
  }, props);
  const harness = mounted.harness;
  await waitFor(() => expect(findByType(harness.root, 'Spinner')).toHaveLength(0));
  return harness;
}

const text = (harness: BridgeHarness) => visibleText(harness.root);
const buttons = (doc: ForgeDoc | undefined, label: string) => findByType(doc, 'Button').filter((button) => visibleText(button) === label);
const click = (harness: BridgeHarness, label: string, within: ForgeDoc | undefined = harness.root) => {
  const [button] = buttons(within, label);
  if (!button) throw new Error(`no button "${label}"`);
  return harness.fire(functionPropId(button, 'onClick'));
};
const field = (harness: BridgeHarness, name: string) => findAllFields(harness).find((node) => node.props.name === name);
const findAllFields = (harness: BridgeHarness) => [...findByType(harness.root, 'Textfield'), ...findByType(harness.root, 'TextArea')];
async function type(harness: BridgeHarness, name: string, value: string): Promise<void> {
  harness.fire(functionPropId(field(harness, name)!, 'onChange'), { target: { value } });
  await waitFor(() => expect(field(harness, name)?.props.value).toBe(value));
}
const secretsOf = (harness: BridgeHarness, direction: string) => findByType(harness.root, 'Box', { testId: `secrets-${direction}` })[0];
const payloadsOf = (harness: BridgeHarness, key: string) => harness.invocations.filter((call) => call.functionKey === key).map((call) => call.payload);

function connectedBackend(): FakeAdminBackend {
  const backend = new FakeAdminBackend();
  backend.tokens.set(TOKEN, SAMPLE);
  return backend;
}

test('saving the connection shows the token hint, and the token itself appears nowhere on the page', async () => {
  const backend = connectedBackend();
  const harness = await openPage(backend);
  expect(text(harness)).toContain('Not connected');

  await type(harness, 'baseUrl', 'https://plm.example.com/api');
  await type(harness, 'token', TOKEN);
  click(harness, 'Save');

  await waitFor(() => expect(text(harness)).toContain('Connected to https://plm.example.com/api · token set · ends in …4f2a'));
  expect(text(harness)).toMatch(/Saved 2026-11-30 \d\d:\d\d UTC by admin-account-1/);
  expect(payloadsOf(harness, 'saveConnection')).toEqual([{ baseUrl: 'https://plm.example.com/api', token: TOKEN }]);
  expect(JSON.stringify(harness.root)).not.toContain(TOKEN);
  expect(field(harness, 'token')?.props).toMatchObject({ type: 'password', value: '', placeholder: 'Leave empty to keep the stored token' });
});

test('saving with the token field empty keeps the stored token and changes only the URL', async () => {
  const backend = connectedBackend();
  backend.site = { baseUrl: 'https://plm.example.com/api', token: TOKEN };
  const harness = await openPage(backend);

  await type(harness, 'baseUrl', 'https://plm.example.com/api/v2');
  click(harness, 'Save');

  await waitFor(() => expect(text(harness)).toContain('Connected to https://plm.example.com/api/v2 · token set · ends in …4f2a'));
  expect(payloadsOf(harness, 'saveConnection')).toEqual([{ baseUrl: 'https://plm.example.com/api/v2' }]);
});

test('a refused field is shown beside the action and nothing is saved', async () => {
  const harness = await openPage(connectedBackend());

  await type(harness, 'baseUrl', 'http://plm.example.com');
  await type(harness, 'token', TOKEN);
  click(harness, 'Save');

  await waitFor(() => expect(text(harness)).toContain('The base URL must start with https://.'));
  expect(text(harness)).toContain('Not connected');
  expect(findByType(harness.root, 'SectionMessage')).toHaveLength(0);
});

test('a connection configured by the deployment says so, and what this deployment may call', async () => {
  const backend = connectedBackend();
  backend.environment = { baseUrl: 'https://plm.example.com/api', token: TOKEN };
  const harness = await openPage(backend);

  expect(text(harness)).toContain('Connected to https://plm.example.com/api · token set · ends in …4f2a');
  expect(text(harness)).toContain("Configured by the app's deployment (environment variables); settings saved here take precedence");
  expect(text(harness)).toContain('This deployment may call: plm.example.com');
});

test('Test connection tests the typed values and shows the status, latency and the record it read', async () => {
  const harness = await openPage(connectedBackend());

  await type(harness, 'baseUrl', 'https://plm.example.com/api');
  await type(harness, 'token', TOKEN);
  click(harness, 'Test connection');

  await waitFor(() => expect(text(harness)).toContain('Connected · HTTP 200 · 143 ms'));
  expect(text(harness)).toContain('Read SHAFT-1042 · Drive shaft · Rev C · released');
  expect(payloadsOf(harness, 'testConnection')).toEqual([{ baseUrl: 'https://plm.example.com/api', token: TOKEN }]);
  expect(payloadsOf(harness, 'saveConnection')).toEqual([]);
});

test('a failed connection test shows the reason as an error, and an empty token field tests the stored token', async () => {
  const backend = connectedBackend();
  backend.site = { baseUrl: 'https://plm.example.com/api', token: 'revoked-token-0001' };
  const harness = await openPage(backend);

  click(harness, 'Test connection');

  await waitFor(() => expect(findByType(harness.root, 'SectionMessage', { appearance: 'error' })).toHaveLength(1));
  const message = findByType(harness.root, 'SectionMessage', { appearance: 'error' })[0];
  expect(visibleText(message)).toContain('Not connected · HTTP 401 · 88 ms');
  expect(visibleText(message)).toContain('The engineering system refused the token (HTTP 401).');
  expect(payloadsOf(harness, 'testConnection')).toEqual([{ baseUrl: 'https://plm.example.com/api' }]);
});

test('a created secret is shown once in full, and is gone after the settings are reloaded', async () => {
  const backend = connectedBackend();
  const harness = await openPage(backend);

  click(harness, 'Create secret', secretsOf(harness, 'inbound'));

  await waitFor(() => expect(text(harness)).toContain('It will not be shown again.'));
  const secret = backend.secrets[0]!.value;
  expect(field(harness, 'created-secret')?.props.value).toBe(secret);
  expect(secret).toMatch(/^whsec_/);
  expect(visibleText(secretsOf(harness, 'inbound'))).toContain(`whsec_…${secret.slice(-4)} · current`);

  click(harness, 'Reload settings');

  await waitFor(() => expect(text(harness)).not.toContain('It will not be shown again.'));
  expect(JSON.stringify(harness.root)).not.toContain(secret);
  expect(visibleText(secretsOf(harness, 'inbound'))).toContain(`whsec_…${secret.slice(-4)} · current`);
});

test('Rotate sends how many days the previous secret stays valid, and the list shows both', async () => {
  const backend = connectedBackend();
  const harness = await openPage(backend);
  click(harness, 'Create secret', secretsOf(harness, 'outbound'));
  await waitFor(() => expect(buttons(secretsOf(harness, 'outbound'), 'Rotate')).toHaveLength(1));

  await type(harness, 'keep-days-outbound', '7');
  click(harness, 'Rotate', secretsOf(harness, 'outbound'));

  await waitFor(() => expect(visibleText(secretsOf(harness, 'outbound'))).toContain('previous (verifies only)'));
  expect(payloadsOf(harness, 'createSecret')).toEqual([{ direction: 'outbound' }, { direction: 'outbound', keepPreviousDays: 7 }]);
  expect(visibleText(secretsOf(harness, 'outbound'))).toMatch(/previous \(verifies only\) · created .* · valid until 2026-12-07/);
  expect(field(harness, 'created-secret')?.props.value).toBe(backend.secrets[1]!.value);
});

test('Rotate with the days left empty keeps the previous secret until it is removed; days out of range are refused before sending', async () => {
  const harness = await openPage(connectedBackend());
  click(harness, 'Create secret', secretsOf(harness, 'query'));
  await waitFor(() => expect(buttons(secretsOf(harness, 'query'), 'Rotate')).toHaveLength(1));

  await type(harness, 'keep-days-query', '45');
  click(harness, 'Rotate', secretsOf(harness, 'query'));
  await waitFor(() => expect(visibleText(secretsOf(harness, 'query'))).toContain('Enter whole days from 0 to 30'));
  await type(harness, 'keep-days-query', '');
  click(harness, 'Rotate', secretsOf(harness, 'query'));

  await waitFor(() => expect(visibleText(secretsOf(harness, 'query'))).toContain('previous (verifies only)'));
  expect(payloadsOf(harness, 'createSecret')).toEqual([{ direction: 'query' }, { direction: 'query' }]);
  expect(visibleText(secretsOf(harness, 'query'))).toContain('valid until removed');
});

test('Remove deletes a secret and the direction offers Create again', async () => {
  const backend = connectedBackend();
  const harness = await openPage(backend);
  click(harness, 'Create secret', secretsOf(harness, 'inbound'));
  await waitFor(() => expect(buttons(secretsOf(harness, 'inbound'), 'Remove')).toHaveLength(1));

  click(harness, 'Remove', secretsOf(harness, 'inbound'));

  await waitFor(() => expect(buttons(secretsOf(harness, 'inbound'), 'Create secret')).toHaveLength(1));
  expect(payloadsOf(harness, 'removeSecret')).toEqual([{ id: 'secret-1' }]);
  expect(text(harness)).not.toContain('It will not be shown again.');
});

test('Send test notice shows the HTTP status and the delivery it made', async () => {
  const harness = await openPage(connectedBackend());

  click(harness, 'Send test notice');

  await waitFor(() => expect(text(harness)).toContain('The engineering system accepted the test notice'));
  expect(text(harness)).toContain('HTTP 202 · accepted · 2026-11-30');
  expect(text(harness)).toContain('SHAFT-1042');
});

test('the web trigger URLs are read-only fields to select and copy', async () => {
  const harness = await openPage(connectedBackend());

  const urls = findByType(harness.root, 'Textfield').filter((node) => String(node.props.name).startsWith('trigger-'));
  expect(urls.map((node) => [node.props.value, node.props.isReadOnly])).toEqual([
    ['https://webtrigger.example/x1/change-notices', true],
    ['https://webtrigger.example/x1/spec-queries', true],
  ]);
  expect(text(harness)).toContain('Select and copy');
});

test('someone who is not a Confluence administrator sees only that this page is for administrators', async () => {
  const backend = connectedBackend();
  backend.isAdmin = false;
  const harness = await openPage(backend);

  await waitFor(() => expect(text(harness)).toBe("Only Confluence administrators can change Spec Bridge's settings."));
  expect(findByType(harness.root, 'SectionMessage')).toHaveLength(1);
  expect(findByType(harness.root, 'Button')).toHaveLength(0);
});

test('a forbidden answer to a later action replaces the whole page with the administrators-only message', async () => {
  const backend = connectedBackend();
  const harness = await openPage(backend);
  backend.isAdmin = false;

  click(harness, 'Send test notice');

  await waitFor(() => expect(text(harness)).toBe("Only Confluence administrators can change Spec Bridge's settings."));
});

test('a page that could not load says why and loads on Retry', async () => {
  const backend = connectedBackend();
  backend.failNext.set('getAdminState', { code: 'unavailable', message: 'Spec Bridge is busy. Try again in a moment.' });
  const harness = await openPage(backend);
  expect(text(harness)).toContain('Spec Bridge is busy. Try again in a moment.');

  click(harness, 'Retry');

  await waitFor(() => expect(text(harness)).toContain('Not connected'));
  expect(text(harness)).not.toContain('Spec Bridge is busy');
});

test('the deliveries filters are sent to the resolver and the table shows what it answers', async () => {
  const backend = connectedBackend();
  backend.deliveries.push(
    { at: '2026-11-30T08:00:00Z', direction: 'inbound', webhookId: 'wh-1', specIds: ['SHAFT-1042'], status: 'accepted', httpStatus: 202 },
    { at: '2026-11-30T08:05:00Z', direction: 'inbound', webhookId: 'wh-2', specIds: ['BOLT-2001'], status: 'refused', httpStatus: 401, reason: 'bad signature' },
    { at: '2026-11-30T08:06:00Z', direction: 'outbound', webhookId: 'wh-3', specIds: ['BOLT-2002'], status: 'refused', httpStatus: 500 },
  );
  const harness = await openPage(backend);
  const deliveriesTable = () => findByType(harness.root, 'DynamicTable', { caption: 'Deliveries' })[0]!;
  await waitFor(() => expect(tableRows(deliveriesTable())).toHaveLength(3));

  harness.fire(functionPropId(findByType(harness.root, 'Select', { name: 'deliveries-status' })[0]!, 'onChange'), { label: 'Refused', value: 'refused' });
  await waitFor(() => expect(tableRows(deliveriesTable())).toHaveLength(2));
  await type(harness, 'deliveries-text', 'BOLT-2001');
  harness.fire(functionPropId(findByType(harness.root, 'Form')[0]!, 'onSubmit'));

  await waitFor(() => expect(tableRows(deliveriesTable())).toHaveLength(1));
  expect(visibleText(deliveriesTable())).toContain('bad signature');
  expect(payloadsOf(harness, 'listDeliveries')).toEqual([{}, { status: 'refused' }, { status: 'refused', text: 'BOLT-2001' }]);
});

test('a health action asks for confirmation, then shows its progress until it is done, and stops asking', async () => {
  const backend = connectedBackend();
  const harness = await openPage(backend, { pollEveryMs: 40 });
  await waitFor(() => expect(text(harness)).toContain('Queue backlog: not measurable'));

  click(harness, 'Re-snapshot all macros');
  await waitFor(() => expect(buttons(harness.root, 'Confirm: Re-snapshot all macros')).toHaveLength(1));
  expect(payloadsOf(harness, 'startAction')).toEqual([]);
  click(harness, 'Confirm: Re-snapshot all macros');

  await waitFor(() => expect(text(harness)).toContain('Re-snapshot all macros: running · 1/3'));
  await waitFor(() => expect(text(harness)).toContain('Re-snapshot all macros: done · 3/3'));
  expect(payloadsOf(harness, 'startAction')).toEqual([{ action: 'resnapshot_all' }]);
  const polls = harness.invokeCount('getHealth');
  expect(polls).toBe(4);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(harness.invokeCount('getHealth')).toBe(polls);
});

test('Remove all snapshots explains that it is how to clean up before uninstalling', async () => {
  const harness = await openPage(connectedBackend());
  await waitFor(() => expect(text(harness)).toContain('Cache entries: 12'));

  expect(text(harness)).toContain('Content properties outlive an uninstall, so this is how to remove them before uninstalling Spec Bridge.');
  click(harness, 'Remove all snapshots');
  await waitFor(() => expect(buttons(harness.root, 'Cancel')).toHaveLength(1));
  click(harness, 'Cancel');

  await waitFor(() => expect(buttons(harness.root, 'Remove all snapshots')).toHaveLength(1));
  expect(payloadsOf(harness, 'startAction')).toEqual([]);
});

test('the allow-list saves patterns per space and for every other space, split at commas and new lines', async () => {
  const backend = connectedBackend();
  backend.allowList = [{ spaceKey: 'ENG', patterns: ['SHAFT-*'] }];
  const harness = await openPage(backend);
  expect(field(harness, 'patterns-1')?.props.value).toBe('SHAFT-*');

  click(harness, 'Add space');
  await waitFor(() => expect(field(harness, 'space-2')).toBeDefined());
  await type(harness, 'space-2', 'OPS');
  await type(harness, 'patterns-2', 'GEAR-1042\nBOLT-*, AXLE-7');
  await type(harness, 'patterns-0', 'NONE-*');
  click(harness, 'Save allow-list');

  await waitFor(() => expect(text(harness)).toContain('Allow-list saved.'));
  expect(payloadsOf(harness, 'saveAllowList')).toEqual([
    {
      allowList: [
        { spaceKey: 'ENG', patterns: ['SHAFT-*'] },
        { spaceKey: 'OPS', patterns: ['GEAR-1042', 'BOLT-*', 'AXLE-7'] },
        { spaceKey: '*', patterns: ['NONE-*'] },
      ],
    },
  ]);
});

test('the audit table lists who changed what', async () => {
  const backend = connectedBackend();
  backend.audit.push({ at: '2026-11-29T16:00:00Z', accountId: 'admin-account-7', action: 'connection.saved', detail: 'https://plm.example.com/api' });
  const harness = await openPage(backend);

  const audit = await waitFor(() => {
    const [table] = findByType(harness.root, 'DynamicTable', { caption: 'Audit' });
    if (!table) throw new Error('no audit table yet');
    return table;
  });
  expect(tableRows(audit).map((row) => visibleText(row))).toEqual(['2026-11-29 16:00 UTC\nadmin-account-7\nconnection.saved\nhttps://plm.example.com/api']);
});

describe('allowing the engineering host (customer-managed egress, behind CUSTOMER_MANAGED_EGRESS)', () => {
  const CUSTOMER_HOST = 'plm.customer.example';
  const egressBackend = () => Object.assign(connectedBackend(), { customerManagedEgress: true });
  const allowButton = (harness: BridgeHarness) => buttons(harness.root, `Allow ${CUSTOMER_HOST}…`);

  test('a host the deployment may not call gets an Allow button that asks the site admin, and once allowed the button goes', async () => {
    const backend = egressBackend();
    const harness = await openPage(backend);
    harness.egressConsent = 'approve';
    await type(harness, 'baseUrl', `https://${CUSTOMER_HOST}/api`);
    await waitFor(() => expect(allowButton(harness)).toHaveLength(1));
    const loads = harness.invokeCount('getAdminState');

    click(harness, `Allow ${CUSTOMER_HOST}…`);

    await waitFor(() => expect(text(harness)).toContain(`Allowed ${CUSTOMER_HOST}`));
    expect(harness.egressRequests).toEqual([
      {
        egresses: [
          {
            key: 'engineering-api',
            description: 'Your engineering system API (Spec Bridge reads specification records from it)',
            configured: [{ domain: CUSTOMER_HOST, type: ['FETCH_BACKEND_SIDE'] }],
          },
        ],
      },
    ]);
    expect(harness.invokeCount('getAdminState')).toBe(loads + 1);
    expect(allowButton(harness)).toHaveLength(0);
    expect(text(harness)).toContain(`This deployment may call: plm.example.com; allowed by a site admin: ${CUSTOMER_HOST}`);
  });

  test('a declined consent (or a viewer who is not a site admin) says so in one sentence and keeps the button', async () => {
    const harness = await openPage(egressBackend());
    await type(harness, 'baseUrl', `https://${CUSTOMER_HOST}/api`);
    click(harness, `Allow ${CUSTOMER_HOST}…`);

    await waitFor(() => expect(text(harness)).toContain('Not allowed: the consent was declined, or you are not a site admin.'));
    expect(text(harness)).not.toMatch(/Error|declined by|Allowed /);
    expect(harness.egressRequests).toHaveLength(1);
    expect(allowButton(harness)).toHaveLength(1);
  });

  test('no button for a host the manifest already allows, nor for one a site admin allowed before', async () => {
    const harness = await openPage(egressBackend(), {}, (h) => {
      h.egressGroups = [{ key: 'engineering-api', description: 'earlier', configured: [{ domain: CUSTOMER_HOST, type: ['FETCH_BACKEND_SIDE'] }] }];
    });
    await waitFor(() => expect(text(harness)).toContain(`allowed by a site admin: ${CUSTOMER_HOST}`));
    await type(harness, 'baseUrl', 'https://PLM.example.com/api');
    expect(findByType(harness.root, 'Button').filter((b) => visibleText(b).startsWith('Allow '))).toHaveLength(0);
    await type(harness, 'baseUrl', `https://${CUSTOMER_HOST}/api`);
    expect(allowButton(harness)).toHaveLength(0);
    await type(harness, 'baseUrl', 'https://plm.other.example/api');
    await waitFor(() => expect(buttons(harness.root, 'Allow plm.other.example…')).toHaveLength(1));
  });

  test('with the switch off there is no button and no egress call; the hint lists what the deployment may call', async () => {
    const harness = await openPage(connectedBackend());
    await type(harness, 'baseUrl', `https://${CUSTOMER_HOST}/api`);
    expect(text(harness)).toContain('This deployment may call: plm.example.com');
    expect(findByType(harness.root, 'Button').filter((b) => visibleText(b).startsWith('Allow '))).toHaveLength(0);
    expect(harness.commands.filter((c) => c.startsWith('__permission__'))).toEqual([]);
  });
});

test('documentation notices save the receiver URL with both sharing choices off unless ticked, and Stop sending clears them', async () => {
  const backend = connectedBackend();
  const harness = await openPage(backend);
  expect(text(harness)).toContain('Not sent: no receiver URL is saved.');

  await type(harness, 'documentationReceiverUrl', 'https://plm.example.com/eng/api/v1/documentation-notices');
  click(harness, 'Save documentation notices');
  await waitFor(() => expect(text(harness)).toContain('by admin-account-1'));
  expect(payloadsOf(harness, 'saveDocumentationNotices')).toEqual([
    { receiverUrl: 'https://plm.example.com/eng/api/v1/documentation-notices', shareTitles: false, includeRestricted: false },
  ]);

  const [choices] = findByType(harness.root, 'CheckboxGroup').filter((node) => node.props.name === 'documentationSharing');
  harness.fire(functionPropId(choices!, 'onChange'), ['shareTitles']);
  await waitFor(() => expect(findByType(harness.root, 'CheckboxGroup').find((node) => node.props.name === 'documentationSharing')?.props.value).toEqual(['shareTitles']));
  click(harness, 'Save documentation notices');
  await waitFor(() => expect(payloadsOf(harness, 'saveDocumentationNotices')).toHaveLength(2));
  expect(payloadsOf(harness, 'saveDocumentationNotices')[1]).toMatchObject({ shareTitles: true, includeRestricted: false });

  click(harness, 'Stop sending');
  await waitFor(() => expect(text(harness)).toContain('Not sent: no receiver URL is saved.'));
  expect(backend.documentationNotices).toBeUndefined();
});

test('a receiver URL off the allowed host is refused beside the action', async () => {
  const harness = await openPage(connectedBackend());
  await type(harness, 'documentationReceiverUrl', 'https://elsewhere.example.net/hook');
  click(harness, 'Save documentation notices');
  await waitFor(() => expect(text(harness)).toContain('The receiver URL must be an https URL on plm.example.com.'));
});
