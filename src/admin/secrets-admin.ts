/**
 * The admin page's webhook secrets: generate one (`whsec_` + 32 random bytes, as Standard Webhooks asks), rotate
 * (the current one stays valid as `previous` until removed or for the chosen days), and remove (revoke).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { describeSecrets, keepPreviousDaysProblem, withNewCurrent, withoutSecret } from '../domain/webhook-secret-set';
import { readWebhookSecretSet, writeWebhookSecretSet } from '../kvs/site-settings';
import { SECRET_DIRECTIONS, type CreatedSecret, type SecretDirection, type SecretInfo } from '../shared/admin-contract';
import { invalidInput, type AdminOutcome } from './admin-outcome';

const SECRET_BYTES = 32;

const CreateInput = z.object({ direction: z.string(), keepPreviousDays: z.unknown().optional() });
const RemoveInput = z.object({ id: z.string().min(1).max(64) });

export async function listSecrets(nowMs = Date.now()): Promise<SecretInfo[]> {
  return describeSecrets(await readWebhookSecretSet(), nowMs);
}

export async function createSecret(payload: unknown, nowMs = Date.now()): Promise<AdminOutcome<CreatedSecret>> {
  const input = CreateInput.safeParse(payload);
  const direction = input.success ? input.data.direction : undefined;
  if (!input.success || !isDirection(direction)) return invalidInput(`Choose which secret to create: ${SECRET_DIRECTIONS.join(', ')}.`);
  const keep = input.data.keepPreviousDays === null ? undefined : input.data.keepPreviousDays;
  const problem = keepPreviousDaysProblem(keep);
  if (problem) return invalidInput(problem);
  const secret = `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
  const id = randomUUID();
  const items = withNewCurrent(await readWebhookSecretSet(), { id, direction, secret, createdAt: nowMs }, keep as number | undefined, nowMs);
  await writeWebhookSecretSet(items);
  const info = describeSecrets(items, nowMs).find((s) => s.id === id);
  if (!info) throw new Error('a created secret was not kept');
  return { ok: true, value: { info, secret } };
}

export async function removeSecret(payload: unknown, nowMs = Date.now()): Promise<AdminOutcome<SecretInfo>> {
  const input = RemoveInput.safeParse(payload);
  if (!input.success) return invalidInput('Name the secret to remove.');
  const items = await readWebhookSecretSet();
  const removed = describeSecrets(items, nowMs).find((s) => s.id === input.data.id);
  if (!removed) return invalidInput('That secret no longer exists; refresh the page.');
  await writeWebhookSecretSet(withoutSecret(items, input.data.id, nowMs));
  return { ok: true, value: removed };
}

function isDirection(value: unknown): value is SecretDirection {
  return typeof value === 'string' && (SECRET_DIRECTIONS as readonly string[]).includes(value);
}
