/** Assembles the where-used page's rows from the index, the cache, the macros' pins and their verified snapshots. */
import type { WhereUsedPage, WhereUsedSpec } from '../shared/where-used-contract';
import type { MacroRef } from './ports';

/** One where-used index entry: a spec and a macro showing it. */
export interface WhereUsedLink {
  specId: string;
  ref: MacroRef;
}

export interface RowInputs {
  links: WhereUsedLink[];
  /** Pages the viewer may see: id → title and URL. Links to any other page are left out. */
  visible: ReadonlyMap<string, { title: string; url: string }>;
  /** Current revision and title by spec id (the cache). */
  current: ReadonlyMap<string, { revision: string; title: string }>;
  /** Pinned revision by `pageId:localId` and spec id. */
  pins: ReadonlyMap<string, Record<string, string>>;
  /** What each macro's verified snapshot shows, by `pageId:localId` and spec id. */
  shown: ReadonlyMap<string, ReadonlyMap<string, { revision: string; fetchedAt?: string }>>;
}

export const macroKey = (ref: MacroRef): string => `${ref.pageId}:${ref.localId}`;

/** Specs in index order, each with the visible macros showing it; a spec with none visible is left out entirely. */
export function whereUsedRows(inputs: RowInputs): WhereUsedSpec[] {
  const specs = new Map<string, WhereUsedSpec>();
  for (const { specId, ref } of inputs.links) {
    const page = inputs.visible.get(ref.pageId);
    if (!page) continue;
    const current = inputs.current.get(specId);
    const spec = specs.get(specId) ?? { specId, ...(current ? { currentRevision: current.revision, title: current.title } : {}), pages: [] };
    specs.set(specId, spec);
    const pinned = inputs.pins.get(macroKey(ref))?.[specId];
    const shown = inputs.shown.get(macroKey(ref))?.get(specId);
    const row: WhereUsedPage = {
      pageId: ref.pageId,
      contentType: ref.contentType ?? 'page',
      title: page.title,
      url: page.url,
      localId: ref.localId,
      ...(shown ? { shownRevision: shown.revision } : {}),
      ...(shown?.fetchedAt ? { snapshotFetchedAt: shown.fetchedAt } : {}),
      ...(pinned ? { pinnedRevision: pinned } : {}),
      pinnedBehind: pinned !== undefined && current !== undefined && pinned !== current.revision,
      stale: pinned === undefined && current !== undefined && shown?.revision !== current.revision,
    };
    spec.pages.push(row);
  }
  return [...specs.values()];
}
