/**
 * The interfaces the pipeline and the handlers need from the outside world. Adapters in src/kvs,
 * src/confluence, src/engineering, src/queue and src/realtime (and src/log.ts) implement them;
 * tests pass in-memory fakes.
 */
import type { MacroSettings } from '../shared/resolver-contract';
import type { CacheEntry } from './cache-entry';
import type { MacroSnapshot } from './snapshot';
import type { SpecRecord } from '../shared/spec-record';
import type { PointsState } from './points-budget';
import type { AllowListPolicy } from './allow-list';

/** One macro instance on one page or blog post. */
export interface MacroRef {
  /** The id of the content the macro is on (a page's or a blog post's: Confluence content ids are unique across both). */
  pageId: string;
  localId: string;
  /** Which kind of content `pageId` names; absent in refs stored before blog posts were supported (then: a page, else a blog post). */
  contentType?: ContentType;
}

/** The content types a macro can be placed on. */
export type ContentType = 'page' | 'blogpost';

/** What the app remembers about a macro instance between views (for the push path). */
export interface MacroRecord {
  ref: MacroRef;
  settings: MacroSettings;
  /**
   * The key of the space the macro's content is in, from the platform's context at its last view; what the site's
   * allow-list is checked against when a snapshot is written off a view. Absent in records written before.
   */
  spaceKey?: string;
  /** contentHash of the last snapshot written for it. */
  snapshotHash?: string;
  /** Epoch ms of the last forced refresh (rate limit). */
  lastRefreshAt?: number;
}

/**
 * The longest the circuit breaker stays open, and the longest the app defers to an upstream's
 * Retry-After (15 min: Forge queue delays are at most 900 s, so a redelivery cannot wait longer).
 */
export const MAX_BREAKER_OPEN_SECONDS = 900;

/**
 * A failure of the engineering system as a whole (timeout, 5xx, 429, network, 401), counted by the
 * app-wide circuit breaker. Record-level problems (an invalid or oversized record, a 404) are not.
 */
export interface BreakerFailure {
  message: string;
  /** Failures in a row, across invocations, that open the breaker (1–10). */
  threshold: number;
  cooldownSeconds: number;
  /** A 429's Retry-After: opens the breaker at once for this long, capped at MAX_BREAKER_OPEN_SECONDS. */
  retryAfterSeconds?: number;
}

export interface BreakerState {
  consecutiveFailures: number;
  /** Epoch ms until which the engineering system is not called. */
  openUntil?: number;
  lastError?: string;
}

/** A realtime subscribe token kept in KVS so page views do not sign one each time. */
export interface CachedToken {
  token: string;
  expiresAtMs: number;
}

/** Everything one view reads from KVS, fetched in as few batch calls as possible. */
export interface ViewState {
  entries: Map<string, CacheEntry>;
  macro?: MacroRecord;
  breaker: BreakerState;
  liveToken?: CachedToken;
  /** The site's allow-list, read in the same batch (docs/decisions.md §29). */
  allowList: AllowListPolicy;
}

export interface SpecStore {
  readView(specIds: string[], ref: MacroRef | undefined): Promise<ViewState>;
  readEntries(specIds: string[]): Promise<Map<string, CacheEntry>>;
  /** The site's allow-list on its own (paths that do not read a view): unreadable when malformed. */
  readAllowList(): Promise<AllowListPolicy>;
  writeEntries(entries: CacheEntry[]): Promise<void>;
  /**
   * readEntries just before a write that ends single flights: in the same round trip, each named lease this store holds
   * is re-held by a closing swap that shows it is still its own (as releaseLease does before its delete), so that
   * writeEntriesReleasing can delete it in the write's own transaction.
   */
  readEntriesClosingLeases(specIds: string[], leases: string[]): Promise<Map<string, CacheEntry>>;
  /**
   * Writes cache entries and releases the leases readEntriesClosingLeases confirmed (`leaseOf`: spec id → lease name)
   * in KVS transactions, each spec's entry together with its lease. A lease not confirmed is left held, for releaseLease.
   */
  writeEntriesReleasing(entries: CacheEntry[], leaseOf: Map<string, string>): Promise<void>;
  /**
   * Stores answers for specs the cache held nothing for, each only if it still holds nothing (create-if-missing: no
   * answer can have been stored while the fetch ran), and in the same round trip deletes their fetch leases (`leaseOf`).
   * Only specs whose lease this store holds far from expiry are handled (a plain delete cannot hit a takeover); the
   * answer names the specs it created and those whose lease it ended. A spec left out, or found stored meanwhile, is
   * for readEntriesClosingLeases and writeEntriesReleasing.
   */
  createEntriesEndingLeases(entries: CacheEntry[], leaseOf: Map<string, string>): Promise<{ created: string[]; leaseEnded: string[] }>;
  writeMacro(record: MacroRecord): Promise<void>;
  /**
   * Writes a macro's record (when given) and its where-used changes together: one transaction when they fit (all or
   * nothing), else the record first, so a notice that finds the macro in where-used finds its record.
   */
  writeMacroAndWhereUsed(
    ref: MacroRef,
    record: MacroRecord | undefined,
    whereUsed: { add: string[]; remove: string[] },
    /** A view recording a macro new to it marks its page as a candidate for page events (in the same writes). */
    candidate?: PageCandidate,
  ): Promise<void>;
  deleteMacro(ref: MacroRef): Promise<void>;
  /** The records of many macros in batch reads, in the order of `refs` (undefined where none is stored). */
  readMacros(refs: MacroRef[]): Promise<(MacroRecord | undefined)[]>;
  /** Writes many macro records in batch writes. */
  writeMacros(records: MacroRecord[]): Promise<void>;
  /** Every macro record of the site (a key query, page by page; at most 10,000): the allow-list's invalidation. */
  listMacros(): Promise<MacroRecord[]>;
  /** Counts one failure atomically (N concurrent failures count N) and answers the breaker's new state. */
  recordBreakerFailure(failure: BreakerFailure): Promise<BreakerState>;
  /** Closes the breaker and forgets the failures counted so far (after a successful read); throws when KVS keeps failing to delete any part of it. */
  resetBreaker(): Promise<void>;
  /**
   * Single-flight lease: true when this caller now exclusively owns `name` for ttlSeconds, which
   * must exceed the longest work it guards. Only the owner's releaseLease deletes it.
   */
  tryLease(name: string, ttlSeconds: number): Promise<boolean>;
  /** When the current holder of `name` took it (epoch ms), if the lease is held. */
  leaseAcquiredAt(name: string): Promise<number | undefined>;
  /** Releases a lease this store holds; a lease that expired and was taken over is left to its new owner. */
  releaseLease(name: string): Promise<void>;
  /** Immutable old revisions, for the pinned-revision diff. */
  readRevision(specId: string, revision: string): Promise<SpecRecord | undefined>;
  writeRevision(record: SpecRecord): Promise<void>;
}

/** One Spec Bridge macro as a page's body holds it (read from the body, not from a view). */
export interface PageMacroEntry {
  localId: string;
  specIds: string[];
  /** Pinned revision by spec id (from the macro's config); specs absent here show the live revision. */
  pinnedRevisions: Record<string, string>;
}

/**
 * The page side of the where-used index: what the app last read from one page's body (docs/decisions.md, the
 * two-way bridge). Kept by reconciling page events; read by the where-used page, the query trigger and the push path.
 */
export interface PageIndexEntry {
  pageId: string;
  contentType: ContentType;
  /** The page version the macros were read from; an event carrying an older version changes nothing. */
  version: number;
  /** Per-page sequence of documentation states sent to the engineering system; increases with every state. */
  sequence: number;
  status: 'current' | 'archived';
  /** From the event or the page read (never from a content property); shown only where the admin allows. */
  spaceKey?: string;
  title?: string;
  macros: PageMacroEntry[];
  /** Epoch ms of the reconcile that wrote this entry. */
  reconciledAt: number;
}

/** Reads and writes the page side of the where-used index. */
export interface PageIndex {
  read(pageId: string): Promise<PageIndexEntry | undefined>;
  /** Several pages in one batch; missing pages are absent from the map. */
  readMany(pageIds: string[]): Promise<Map<string, PageIndexEntry>>;
  write(entry: PageIndexEntry): Promise<void>;
  /** Forgets a page (it is gone, or holds no macro any more). */
  remove(pageId: string): Promise<void>;
}

/** A page an editor's render of a newly inserted macro marked: its next page event reads its body. */
export interface PageCandidate {
  pageId: string;
  contentType: ContentType;
  markedAt: number;
}

/** What the index knows of a page when one of its events arrives. */
export interface PageKnowledge {
  entry?: PageIndexEntry;
  /** A view marked the page (a new macro was rendered on it). */
  candidate: boolean;
  /** Some view remembered a macro of the page (its macro record); read only when neither of the above is stored. */
  remembered: boolean;
}

/** One where-used entry of a page's macro (spec → macro). */
export interface WhereUsedChange {
  specId: string;
  ref: MacroRef;
}

/** The KVS bookkeeping a page event's reconcile needs besides the page index (src/kvs/page-index.ts). */
export interface PageBookkeeping {
  /** Whether the index knows the page: one batch read of its entry and candidate mark, and a one-key query of its macro records when neither is stored. */
  knows(pageId: string): Promise<PageKnowledge>;
  /** The macro records views remembered for the page (a key query; at most MAX_PAGE_MACROS). */
  pageMacros(pageId: string): Promise<MacroRecord[]>;
  /** Writes where-used entries and deletes others, in batches. */
  applyWhereUsed(add: WhereUsedChange[], remove: WhereUsedChange[]): Promise<void>;
  deleteMacros(refs: MacroRef[]): Promise<void>;
  clearCandidate(pageId: string): Promise<void>;
  /** Notes that an event for the page arrived while another invocation reconciled it (that one reads the page again). */
  markDirty(pageId: string): Promise<void>;
  /** Whether an event arrived meanwhile; clears the note. */
  takeDirty(pageId: string): Promise<boolean>;
}

/** A page's body as the app reads it (GET with `body-format=atlas_doc_format`). */
export type PageBodyRead =
  | { kind: 'found'; version: number; status: 'current' | 'archived'; title?: string; adf: string }
  /** 404 (deleted, or not visible to the app), or a status no longer shown (trashed, draft, historical). */
  | { kind: 'gone' };

/** Reads page bodies as the app (src/confluence/page-reader.ts). */
export interface PageReader {
  read(pageId: string, contentType: ContentType): Promise<PageBodyRead>;
}

/** One new documentation state of a page, after a reconcile stored it. */
export interface PageStateChange {
  entry: PageIndexEntry;
  previous: PageIndexEntry | undefined;
  /** The page is gone for the app (404, trashed): `entry.macros` is empty. */
  gone: boolean;
}

/** Where documentation states go once the index holds them (the documentation notices; a no-op by default). */
export interface DocumentationOutbox {
  pageStateChanged(change: PageStateChange): Promise<void>;
}

export interface WhereUsedIndex {
  add(specIds: string[], ref: MacroRef): Promise<void>;
  remove(specIds: string[], ref: MacroRef): Promise<void>;
  list(specId: string): Promise<MacroRef[]>;
}

/** Outcome of asking the engineering system about several specs. */
export type SourceResult =
  | {
      ok: true;
      /** A new record, or `notModified` when the cached record's ETag still matches (304). */
      found: Map<string, { record: SpecRecord; etag?: string } | { notModified: true; etag?: string }>;
      missing: string[];
      invalid: Map<string, string>;
    }
  | { ok: false; failure: SourceFailure };

export type SourceFailure =
  | { kind: 'unauthorized'; message: string }
  | { kind: 'not_connected'; message: string }
  | { kind: 'rate_limited'; message: string; retryAfterSeconds: number }
  | { kind: 'unavailable'; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'invalid_response'; message: string };

export interface SpecSource {
  /** Starts what the first fetch needs (the site's connection settings) so it overlaps the caller's fetch leases. */
  prepare?(): void;
  /** Reads specs; `etags` enable conditional reads (304 keeps the cached record). */
  fetchSpecs(specIds: string[], etags: Map<string, string>): Promise<SourceResult>;
  fetchRevision(specId: string, revision: string): Promise<RevisionFetch>;
}

/** Asking for one old revision: the record, the engineering system's "no such revision" (404), or a failure. */
export type RevisionFetch = { kind: 'found'; record: SpecRecord } | { kind: 'not_found' } | { kind: 'failed'; message: string };

export type SnapshotWrite = 'written' | 'unchanged';

export interface SnapshotStore {
  read(ref: MacroRef): Promise<MacroSnapshot | undefined>;
  /**
   * Writes (merging with what is stored so nothing goes backwards); retries version conflicts.
   * `ref` names the macro's content type; without it the snapshot's pageId is taken for a page (else a blog post).
   */
  write(snapshot: MacroSnapshot, ref?: MacroRef): Promise<SnapshotWrite>;
  /** Whether the page still contains the macro; undefined when the page cannot be read. */
  pageHasMacro(ref: MacroRef): Promise<boolean | undefined>;
  /**
   * In a page view: whether Confluence lets the viewing user see the macro's content (a read as the viewer;
   * docs/decisions.md §17). Outside a page view (queue consumer, export) no user is involved: true.
   */
  viewerMaySee(ref: MacroRef): Promise<boolean>;
  /** Starts what a viewerMaySee will wait for (the points ledger read); never rejects. Absent: nothing to start. */
  prepareViewerCheck?(): Promise<void>;
}

/** A refresh job on the async-events queue. */
export interface RefreshEvent {
  type: 'spec.updated' | 'spec.deleted' | 'spec.revalidate';
  specIds: string[];
  noticeId?: string;
  noticeTimestamp?: string;
  /** Epoch ms the app accepted the notice; a spec fetched after this is already current. */
  receivedAt?: number;
  /** The revision each spec has after the change (the notice's optional hints). */
  revisions?: Record<string, string>;
  /**
   * A slice of the specs' macros to update (a follow-up the first delivery queued when the specs are on more macros
   * than one delivery handles); absent: all of them. A slice's specs are already re-read, so it carries no hints.
   */
  macros?: MacroRef[];
  /**
   * Write each macro's snapshot even when its record says the last one written shows the same content (the admin's
   * re-snapshot: a property changed or removed underneath is rewritten; the store still skips one that already holds it).
   */
  rewrite?: boolean;
}

/**
 * After a view showed a macro whose snapshot is not stored yet: write it, as the app, from the cache. Queued only
 * by a view whose viewer may see the content, so the write stays off the reader's path.
 */
export interface RememberMacroEvent {
  type: 'macro.remember';
  ref: MacroRef;
}

/**
 * One slice of a site-wide admin action (purge the cache, re-snapshot or remove every macro's snapshot). The consumer
 * does a bounded part, records progress and queues the next slice; `done`/`total` are the counts before this slice, so a
 * redelivered slice counts the same.
 */
export interface AdminActionEvent {
  type: 'admin.action';
  /** The run (ActionProgress id) this slice belongs to; a slice of an older run stops. */
  runId: string;
  action: 'purge_cache' | 'resnapshot_all' | 'remove_snapshots';
  /** Epoch ms the admin started it: a spec fetched since is current already. */
  startedAt: number;
  /** Where the listing of macro records resumes (KVS query cursor); absent: from the start. */
  cursor?: string;
  done: number;
  total?: number;
}

/** Anything the refresh queue carries. */
export type QueuedEvent = RefreshEvent | RememberMacroEvent | AdminActionEvent;

/** What claiming a change notice's webhook-id found (the web trigger's dedupe, KVS in production). */
export type DeliveryClaim = 'claimed' | 'duplicate' | 'in_flight';

/** One failure of the engineering system as a whole, with the detail readers never see (the admin page shows it). */
export interface EngineeringErrorNote {
  at: number;
  kind: string;
  detail: string;
}

/** The admin page's short list of the last engineering errors (Forge KVS in production). */
export interface EngineeringErrorLog {
  record(note: EngineeringErrorNote): Promise<void>;
}

export interface RefreshQueue {
  enqueue(events: QueuedEvent[]): Promise<void>;
}

export interface LiveChannel {
  publish(specIds: string[]): Promise<void>;
  /** A subscribe token for open macros; `cached` is the one the view already read from KVS. */
  subscribeToken(cached?: CachedToken): Promise<string | undefined>;
}

/**
 * This installation's record of Confluence REST points (Forge KVS in production; docs/decisions.md §20): what it spent
 * per hour, and what Confluence's headers said about the app's shared pool.
 */
export interface PointsLedger {
  read(hourStartMs: number): Promise<PointsState>;
  /** Adds points spent in the hour starting at `hourStartMs`. */
  add(hourStartMs: number, points: number): Promise<void>;
  /** Keeps the later of each pause and near-limit time, so every invocation of the installation honours them. */
  signal(state: Pick<PointsState, 'pausedUntilMs' | 'nearUntilMs'>): Promise<void>;
}

export interface Clock {
  now(): number;
}

/** Structured log lines (the local platform shows them in its activity log; Forge in `forge logs`). */
export interface Logger {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}
