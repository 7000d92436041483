/**
 * The admin page's documentation-notice settings: where notices go (a URL on the engineering system's host this
 * deployment may call) and the two privacy opt-ins, both off unless the admin turns them on.
 */
import { z } from 'zod';
import type { AppConfig } from '../config';
import { checkReceiverUrl } from '../domain/engineering-connection';
import { deleteDocumentationSettings, readDocumentationSettings, writeDocumentationSettings, type StoredDocumentationSettings } from '../kvs/documentation-settings';
import type { DocumentationNoticeSettings } from '../shared/admin-contract';
import { invalidInput, type AdminOutcome } from './admin-outcome';

const SaveInput = z.object({ receiverUrl: z.string().max(2048), shareTitles: z.boolean().optional(), includeRestricted: z.boolean().optional() });

export async function documentationNoticesState(): Promise<DocumentationNoticeSettings | undefined> {
  const stored = await readDocumentationSettings();
  if (!stored) return undefined;
  const { receiverUrl, shareTitles, includeRestricted, updatedAt, updatedBy } = stored;
  return { receiverUrl, shareTitles, includeRestricted, updatedAt: new Date(updatedAt).toISOString(), updatedBy };
}

export async function saveDocumentationNotices(
  payload: unknown,
  call: { accountId: string; siteUrl: string | undefined },
  config: AppConfig,
): Promise<AdminOutcome<StoredDocumentationSettings>> {
  const input = SaveInput.safeParse(payload);
  if (!input.success) return invalidInput('Enter the receiver URL; the two sharing choices are on or off.');
  const url = checkReceiverUrl(input.data.receiverUrl, config.engineering.allowedOrigins);
  if (!url.ok) return invalidInput(`The receiver URL ${url.problem}.`);
  const settings: StoredDocumentationSettings = {
    receiverUrl: url.url,
    shareTitles: input.data.shareTitles === true,
    includeRestricted: input.data.includeRestricted === true,
    ...(call.siteUrl ? { siteUrl: call.siteUrl } : {}),
    updatedAt: Date.now(),
    updatedBy: call.accountId,
  };
  await writeDocumentationSettings(settings);
  return { ok: true, value: settings };
}

export async function removeDocumentationNotices(): Promise<void> {
  await deleteDocumentationSettings();
}
