import { Webhook } from 'standardwebhooks';
import { expect, test } from 'vitest';
import type { DocumentationPageState } from '../shared/documentation-notice';
import { signDocumentationNotice } from './documentation-signing';

const SECRET = 'whsec_' + Buffer.from('outbound-secret-for-documentation-0123').toString('base64');
// Now, not a fixed date: the package checks the timestamp against its own clock (±5 min).
const NOW = Date.now();
const STATE: DocumentationPageState = {
  cloudId: 'cloud-1',
  pageId: '4242',
  contentType: 'page',
  url: 'https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=4242',
  version: 7,
  status: 'current',
  sequence: 3,
  specs: [{ specId: 'SHAFT-1042', macroLocalId: 'm-1', revision: 'C', pinned: true }],
};

test('a documentation notice signed with the outbound secret verifies with the standardwebhooks package and carries the state', () => {
  const signed = signDocumentationNotice(STATE, SECRET, NOW);
  const verified = new Webhook(SECRET).verify(signed.body, signed.headers) as { type: string; data: DocumentationPageState };
  expect(signed.headers['webhook-id']).toBe('doc_cloud-1_4242_3');
  expect(verified.type).toBe('documentation.page_state');
  expect(verified.data).toEqual(STATE);
});

test('the same state keeps its webhook-id when signed again later, and a tampered body or another secret fails verification', () => {
  const first = signDocumentationNotice(STATE, SECRET, NOW);
  const later = signDocumentationNotice(STATE, SECRET, NOW + 60_000);
  expect(later.webhookId).toBe(first.webhookId);
  const other = 'whsec_' + Buffer.from('some-other-secret-of-24-bytes-or-more').toString('base64');
  expect(() => new Webhook(SECRET).verify(first.body.replace('"C"', '"D"'), first.headers)).toThrow();
  expect(() => new Webhook(other).verify(first.body, first.headers)).toThrow();
});
