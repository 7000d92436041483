import { adfDocument, forgeMacroNode } from '../../local/platform/confluence';
import type { TestApp } from './start-app';

/** Adds `count` specs (STORM-1…) to the sample engineering system, cloned from a seed record. */
export function createStormSpecs(app: TestApp, count: number): string[] {
  const template = app.engineering.admin.getSpec('BOLT-2001');
  if (!template) throw new Error('seed record BOLT-2001 missing');
  return Array.from({ length: count }, (_, i) => {
    const id = `STORM-${i + 1}`;
    const created = app.engineering.admin.createSpec({ ...template, id, title: `Storm bracket ${i + 1}`, revision: 'A' });
    if (!created.ok) throw new Error(created.message);
    return id;
  });
}

/** A page whose macros together show every spec, `perMacro` specs each, viewed once so the where-used index knows them. */
export async function createPageShowing(app: TestApp, specIds: string[], perMacro: number) {
  const groups: string[][] = [];
  for (let i = 0; i < specIds.length; i += perMacro) groups.push(specIds.slice(i, i + perMacro));
  const localIds = groups.map((_, i) => `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`);
  const space = app.platform.confluence.admin.listSpaces()[0];
  if (!space) throw new Error('no space');
  const page = app.platform.confluence.admin.createPage({
    spaceId: space.id,
    title: 'Storm page',
    body: adfDocument(...localIds.map((localId, i) => forgeMacroNode({ localId, nodeLocalId: `storm-node-${i}`, config: {} }))),
  });
  const macros = groups.map((ids, i) => ({ localId: localIds[i] as string, config: { specIds: ids.join(','), layout: 'table' } }));
  for (const macro of macros) {
    const result = await app.platform.invokeResolver({ functionKey: 'getSpecs', context: { pageId: page.id, ...macro }, accountId: 'local-admin' });
    if (!(result as { ok: boolean }).ok) throw new Error(`view failed: ${JSON.stringify(result)}`);
  }
  return { pageId: page.id, macros };
}

