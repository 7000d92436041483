/**
 * What one page read changes in the where-used index (docs/decisions.md, "Page events keep the where-used index
 * true"). Pure: given what the index holds for the page and what its body holds now, the plan says which where-used
 * entries to add and remove, which macros went away (their records and snapshots to delete), which macros are new or
 * changed (their records to write), and the page entry to store. The same read twice plans nothing the second time.
 */
import type { ContentType, PageIndexEntry, PageMacroEntry } from './ports';

/** What reading the page as the app found. */
export type PageRead =
  | {
      kind: 'found';
      pageId: string;
      contentType: ContentType;
      version: number;
      status: PageIndexEntry['status'];
      title?: string;
      spaceKey?: string;
      macros: PageMacroEntry[];
    }
  /** Not there for the app any more (404, trashed, deleted): everything the index holds for it goes. */
  | { kind: 'gone'; pageId: string; contentType: ContentType };

/** A macro the app remembered from views of the page (its record), which the body may no longer hold. */
export interface RememberedMacro {
  localId: string;
  specIds: string[];
  pinnedRevisions: Record<string, string>;
}

/** One where-used entry: this spec is shown by this macro of the page. */
export interface WhereUsedPair {
  specId: string;
  localId: string;
}

export interface ReconcilePlan {
  /**
   * `stale`: the read is older than what the index holds (nothing to do). `unchanged`: the index already holds this
   * state (a duplicate or a later version that changed nothing shown). `changed`: the documentation state changed.
   * `gone`: the page is gone and the index forgets its macros.
   */
  outcome: 'stale' | 'unchanged' | 'changed' | 'gone';
  whereUsed: { add: WhereUsedPair[]; remove: WhereUsedPair[] };
  /** Macros no longer on the page: their records and snapshots are deleted. */
  removedMacros: string[];
  /** Macros on the page whose record is missing or shows other specs or pins than the body: their records are written. */
  macrosToRecord: string[];
  /** The entry to store; undefined: nothing to store (stale, or a page that never held a macro and holds none). */
  entry?: PageIndexEntry;
}

/**
 * Plans one reconcile. `sequence` increases by one with every change of the documentation state (status, title, space,
 * macros and what they show); a page the index never held starts at `nowMs`, so a page forgotten and found again
 * later still moves forward for a receiver that kept its older states.
 */
export function planReconcile(input: { stored: PageIndexEntry | undefined; remembered: RememberedMacro[]; read: PageRead; nowMs: number }): ReconcilePlan {
  const { stored, remembered, read, nowMs } = input;
  const known = pairsOf([...(stored?.macros ?? []), ...remembered]);
  const knownIds = new Set([...(stored?.macros ?? []), ...remembered].map((m) => m.localId));
  if (read.kind === 'gone') {
    const entry = stored && stored.macros.length > 0 ? { ...stored, macros: [], sequence: stored.sequence + 1, reconciledAt: nowMs } : undefined;
    return { outcome: 'gone', whereUsed: { add: [], remove: [...known.values()] }, removedMacros: [...knownIds], macrosToRecord: [], ...(entry ? { entry } : {}) };
  }
  if (stored && read.version < stored.version) return { outcome: 'stale', whereUsed: { add: [], remove: [] }, removedMacros: [], macrosToRecord: [] };

  const macros = read.macros.map(normalised);
  const current = pairsOf(macros);
  const before = pairsOf(stored?.macros ?? []);
  const rememberedPairs = pairsOf(remembered);
  // Adds: what the body shows that the index does not hold on either side (a view may have added it already).
  const add = [...current.entries()].filter(([key]) => !before.has(key) && !rememberedPairs.has(key)).map(([, pair]) => pair);
  const remove = [...known.entries()].filter(([key]) => !current.has(key)).map(([, pair]) => pair);
  const onPage = new Set(macros.map((m) => m.localId));
  const removedMacros = [...knownIds].filter((id) => !onPage.has(id));
  const recordOf = new Map(remembered.map((m) => [m.localId, m]));
  const macrosToRecord = macros.filter((m) => !sameShown(recordOf.get(m.localId), m)).map((m) => m.localId);

  const state = { status: read.status, title: read.title, spaceKey: read.spaceKey, macros };
  const changed = !stored ? macros.length > 0 : stateKey(stored) !== stateKey(state);
  const sequence = !stored ? nowMs : changed ? stored.sequence + 1 : stored.sequence;
  const keep = stored !== undefined || macros.length > 0;
  const entry: PageIndexEntry | undefined = keep
    ? {
        pageId: read.pageId,
        contentType: read.contentType,
        version: read.version,
        sequence,
        status: read.status,
        ...(read.spaceKey !== undefined ? { spaceKey: read.spaceKey } : {}),
        ...(read.title !== undefined ? { title: read.title } : {}),
        macros,
        reconciledAt: nowMs,
      }
    : undefined;
  const sameVersion = stored !== undefined && stored.version === read.version;
  const nothingToDo = !changed && sameVersion && add.length === 0 && remove.length === 0 && removedMacros.length === 0 && macrosToRecord.length === 0;
  if (nothingToDo) return { outcome: 'unchanged', whereUsed: { add: [], remove: [] }, removedMacros: [], macrosToRecord: [] };
  return {
    outcome: changed ? 'changed' : 'unchanged',
    whereUsed: { add, remove },
    removedMacros,
    macrosToRecord,
    // A later version that changed nothing shown still moves the stored version forward (older reads become stale).
    ...(entry && (changed || !sameVersion || !stored) ? { entry } : {}),
  };
}

function normalised(macro: PageMacroEntry): PageMacroEntry {
  return { localId: macro.localId, specIds: [...macro.specIds], pinnedRevisions: { ...macro.pinnedRevisions } };
}

function pairsOf(macros: { localId: string; specIds: string[] }[]): Map<string, WhereUsedPair> {
  const pairs = new Map<string, WhereUsedPair>();
  for (const macro of macros) for (const specId of macro.specIds) pairs.set(`${specId}\u0000${macro.localId}`, { specId, localId: macro.localId });
  return pairs;
}

function sameShown(record: RememberedMacro | undefined, macro: PageMacroEntry): boolean {
  return record !== undefined && JSON.stringify(record.specIds) === JSON.stringify(macro.specIds) && pinsKey(record.pinnedRevisions) === pinsKey(macro.pinnedRevisions);
}

function pinsKey(pins: Record<string, string>): string {
  return JSON.stringify(Object.entries(pins).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The documentation state a notice carries, as one comparable string. */
function stateKey(state: { status: string; title?: string; spaceKey?: string; macros: PageMacroEntry[] }): string {
  return JSON.stringify([state.status, state.title ?? null, state.spaceKey ?? null, state.macros.map((m) => [m.localId, m.specIds, pinsKey(m.pinnedRevisions)])]);
}
