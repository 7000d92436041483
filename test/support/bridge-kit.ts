/**
 * The two-way bridge for fault tests: turns on documentation notices to the sample engineering system's own receiver
 * (`POST /eng/api/v1/documentation-notices`, verified with the site's outbound secret), and reads what the app's
 * where-used index holds for a page.
 */
import { adfDocument, forgeMacroNode, paragraph } from '../../local/platform/confluence';
import type { AdfNode } from '../../local/platform/confluence/types';
import type { PageIndexEntry } from '../../src/domain/ports';
import { KEYS } from '../../src/kvs/keys';
import type { CreatedSecret } from '../../src/shared/admin-contract';
import { expectOk, type TestApp } from './start-app';

/**
 * As a site admin would: an outbound secret in the site's secret set, the receiver URL in the documentation settings,
 * and the same secret in the engineering system. Returns the secret.
 */
export async function connectDocumentationReceiver(app: TestApp, options: { shareTitles?: boolean; includeRestricted?: boolean } = {}): Promise<string> {
  const created = expectOk(await app.invokeAdmin<CreatedSecret>('createSecret', { direction: 'outbound' }));
  app.engineering.admin.setDocumentationSecrets([created.secret]);
  expectOk(await app.invokeAdmin('saveDocumentationNotices', { receiverUrl: `${app.server.baseUrl}/documentation-notices`, ...options }));
  return created.secret;
}

/** A Spec Bridge macro node showing `specIds` (the config's text, e.g. `SHAFT-1042, FIT-3101@A`). */
export interface PageMacro {
  node: AdfNode;
  localId: string;
}

export function pageMacro(specIds: string, localId: string): PageMacro {
  return { node: forgeMacroNode({ localId, nodeLocalId: `node-${localId}`, config: { specIds } }), localId };
}

/** A page body with a paragraph and the macros, in order. */
export function bodyWith(text: string, macros: PageMacro[]) {
  return adfDocument(paragraph(text), ...macros.map((m) => m.node));
}

function kvsValue<T>(app: TestApp, key: string): T | undefined {
  const row = app.platform.db.prepare('SELECT value FROM kvs_entries WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

function kvsKeys(app: TestApp, prefix: string): string[] {
  return (app.platform.db.prepare('SELECT key FROM kvs_entries WHERE key LIKE ? ORDER BY key').all(`${prefix}%`) as { key: string }[]).map((r) => r.key);
}

/** The macro localIds the where-used index lists for `specId` on `pageId`. */
export function whereUsedOn(app: TestApp, specId: string, pageId: string): string[] {
  return kvsKeys(app, KEYS.whereUsedPrefix(specId))
    .filter((k) => k.includes(`:${pageId}:`))
    .map((k) => k.split(':').at(-1) as string);
}

/** The page index entry's header (its first chunk of macros; `moreChunks` when the page has more). */
export function pageEntryHeader(app: TestApp, pageId: string): (PageIndexEntry & { moreChunks?: boolean }) | undefined {
  return kvsValue(app, KEYS.pageIndex(pageId));
}

/** The page ids the engineering system lists as showing `specId` (GET /specs/{id}/documentation, in process). */
export function documentedPages(app: TestApp, specId: string): string[] {
  return (app.engineering.documentation(specId)?.pages ?? []).map((p) => p.pageId);
}
