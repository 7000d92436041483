import { expect, test } from 'vitest';
import { acceptedSecrets, describeSecrets, keepPreviousDaysProblem, MAX_SECRETS_PER_DIRECTION, withNewCurrent, withoutSecret, type WebhookSecretItem } from './webhook-secret-set';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 30);
const add = (items: WebhookSecretItem[], id: string, at: number, keep?: number, direction: WebhookSecretItem['direction'] = 'inbound') =>
  withNewCurrent(items, { id, direction, secret: `whsec_${id}-value-long-enough`, createdAt: at }, keep, at);

test('rotating keeps the previous secret valid until it is removed', () => {
  let items = add([], 'one', T0);
  items = add(items, 'two', T0 + 1_000);
  expect(acceptedSecrets(items, 'inbound', T0 + 365 * DAY)).toEqual(['whsec_two-value-long-enough', 'whsec_one-value-long-enough']);
  items = withoutSecret(items, 'one', T0 + 2_000);
  expect(acceptedSecrets(items, 'inbound', T0 + 3_000)).toEqual(['whsec_two-value-long-enough']);
});

test('rotating with a keep period lets the previous secret verify until the period ends, then never again', () => {
  const items = add(add([], 'one', T0), 'two', T0 + 1_000, 7);
  expect(acceptedSecrets(items, 'inbound', T0 + 1_000 + 7 * DAY - 1)).toHaveLength(2);
  expect(acceptedSecrets(items, 'inbound', T0 + 1_000 + 7 * DAY)).toEqual(['whsec_two-value-long-enough']);
  expect(describeSecrets(items, T0 + 1_000).find((s) => s.id === 'one')).toMatchObject({ role: 'previous', expiresAt: new Date(T0 + 1_000 + 7 * DAY).toISOString() });
});

test('rotating with 0 days retires the previous secret at once', () => {
  expect(acceptedSecrets(add(add([], 'one', T0), 'two', T0 + 1, 0), 'inbound', T0 + 2)).toEqual(['whsec_two-value-long-enough']);
});

test("each direction has its own secrets: an outbound secret never verifies an inbound notice", () => {
  const items = add(add([], 'in', T0), 'out', T0, undefined, 'outbound');
  expect(acceptedSecrets(items, 'inbound', T0)).toEqual(['whsec_in-value-long-enough']);
  expect(acceptedSecrets(items, 'outbound', T0)).toEqual(['whsec_out-value-long-enough']);
  expect(acceptedSecrets(items, 'query', T0)).toEqual([]);
});

test('a direction keeps at most a few secrets: the oldest previous ones go first', () => {
  let items: WebhookSecretItem[] = [];
  for (let i = 0; i < MAX_SECRETS_PER_DIRECTION + 3; i += 1) items = add(items, `s${i}`, T0 + i);
  expect(items).toHaveLength(MAX_SECRETS_PER_DIRECTION);
  expect(items.map((s) => s.id)).not.toContain('s0');
  expect(items.filter((s) => s.role === 'current').map((s) => s.id)).toEqual([`s${MAX_SECRETS_PER_DIRECTION + 2}`]);
});

test('what the admin page is told of a secret never includes its value', () => {
  const items = add([], 'one', T0);
  const shown = JSON.stringify(describeSecrets(items, T0));
  expect(shown).not.toContain('value-long-enough');
  expect(describeSecrets(items, T0)[0]).toMatchObject({ id: 'one', role: 'current', hint: 'whsec_…ough' });
});

test('a keep period must be a whole number of days from 0 to 30', () => {
  for (const ok of [undefined, 0, 1, 30]) expect(keepPreviousDaysProblem(ok)).toBeUndefined();
  for (const bad of [-1, 31, 1.5, '7', null]) expect(keepPreviousDaysProblem(bad)).toMatch(/0 to 30/);
});
