/**
 * What the macro's resolver returns to the UI Kit frontend. Shared by backend and frontend;
 * like all of src/shared/ it imports nothing outside src/shared/, so the frontend bundle stays small.
 */
import type { LifecycleStatus, SpecParameter, SpecRecord } from './spec-record';

export type Layout = 'card' | 'table' | 'parameters';

export type TableColumn = 'id' | 'title' | 'revision' | 'status' | 'owner' | 'updatedAt' | 'parameters';

/**
 * - `fresh`: within the TTL.
 * - `stale`: older than the TTL but within max-stale; served while one revalidation runs.
 * - `degraded`: the engineering system failed; last-known-good is served with the reason.
 * - `missing`: nothing was ever fetched (the spec has no data to show).
 */
export type FreshnessState = 'fresh' | 'stale' | 'degraded' | 'missing';

/** Per-spec problems, shown where the spec would be. */
export type SpecProblemCode =
  | 'not_found'
  | 'withdrawn'
  | 'invalid_id'
  | 'invalid_record'
  | 'unavailable'
  | 'unauthorized'
  | 'rate_limited'
  /** The site admin's allow-list does not let this space show the spec (docs/decisions.md §29). */
  | 'not_allowed';

export interface SpecProblem {
  code: SpecProblemCode;
  message: string;
  /** When Spec Bridge asks the engineering system again (ISO), when it knows; the UI words it as a human wait. */
  retryAt?: string;
}

/** A parameter-level difference between a pinned revision and the latest one. */
export interface ParameterChange {
  name: string;
  kind: 'added' | 'removed' | 'changed';
  before?: SpecParameter;
  after?: SpecParameter;
}

/**
 * Whether the pinned revision is what the view shows:
 * - `shown`: the record is the pinned revision;
 * - `not_found`: the engineering system says the revision does not exist (404); the record is the latest;
 * - `unreadable`: it could not be read now (engineering system down, or it answered another record); the record is the latest.
 */
export type PinnedAvailability = 'shown' | 'not_found' | 'unreadable';

export interface PinnedRevisionInfo {
  /** The revision the author pinned, exactly as written (revisions are case-sensitive: the engineering system decides). */
  revision: string;
  /** The newest revision in the engineering system. */
  latestRevision: string;
  /** Parameter changes from pinned to latest; null when the old revision could not be read. */
  changes: ParameterChange[] | null;
  /** Absent means `shown` (how views read before this field existed). */
  availability?: PinnedAvailability;
}

export interface SpecView {
  id: string;
  state: FreshnessState;
  /** The record to show (pinned revision when pinned and available, else latest); absent when nothing can be shown. */
  record?: SpecRecord;
  /** ISO time Spec Bridge last fetched this record from the engineering system. */
  fetchedAt?: string;
  /** Seconds since fetchedAt, at generatedAt. */
  ageSeconds?: number;
  /** Why the data is degraded or absent. */
  problem?: SpecProblem;
  pinned?: PinnedRevisionInfo;
  /** How many parameters (and pinned changes) were left out of `record` (and `pinned`) to fit Forge's invoke response limit. */
  omitted?: { parameters: number; changes: number };
  /**
   * Set when the layout shows only counts for this spec (a table row, or a spec the card layout does not show): the
   * record then comes with only the parameters the table's parameter columns name, and these are the counts it shows.
   */
  parameterSummary?: { count: number; outOfLimits: number };
}

/** The macro config after validation (see domain/macro-config.ts). */
export interface MacroSettings {
  specIds: string[];
  layout: Layout;
  columns: TableColumn[];
  /**
   * Parameter names the table layout shows as columns after `columns` (as the author wrote them, repeats dropped);
   * absent when none (and in settings saved before the field existed).
   */
  parameterColumns?: string[];
  /** Freshness TTL in seconds for this macro (already clamped to admin bounds). */
  ttlSeconds: number;
  /** The config's "Pinned revision" field: pins the first spec only (kept as saved, for existing macros). */
  pinnedRevision?: string;
  /** Per-spec pins written as `ID@REV` in the spec list, by spec id; a spec's own pin wins over `pinnedRevision`. */
  pinnedRevisions?: Record<string, string>;
}

export interface MacroViewModel {
  settings: MacroSettings;
  /** Human-readable config problems (bad id pattern, too many ids, TTL out of bounds…). Empty when valid. */
  configProblems: string[];
  specs: SpecView[];
  /** Page-level state: degraded when the engineering system is failing for this view. */
  page: { state: 'ok' | 'degraded'; reason?: string; lastGoodAt?: string; retryAt?: string };
  /** When the Refresh button may next be used (ISO); absent when allowed now. */
  refreshAllowedAt?: string;
  /** ISO time the view model was built. */
  generatedAt: string;
  /** Realtime subscription for live updates (global channel, secured by a subscribe token). */
  live?: { channel: string; token?: string };
}

export interface SpecSummary {
  id: string;
  title: string;
  revision: string;
  status: LifecycleStatus;
}

/** `forbidden` and `invalid_input` are the admin page's (src/shared/admin-contract.ts): not an admin; a field refused. */
export type ResolverErrorCode = 'rate_limited' | 'not_editing' | 'invalid_query' | 'unavailable' | 'internal' | 'forbidden' | 'invalid_input';

/** Every resolver answers with this envelope; errors are values, never thrown to the UI. */
export type ResolverResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: ResolverErrorCode; message: string; retryAfterSeconds?: number };

/** Resolver function keys and their payloads/results. */
export interface ResolverApi {
  /** `snapshot: 'absent'`: the macro's UI found no snapshot stored for it (a hint; never trusted for what is shown). */
  getSpecs: { payload: { snapshot?: 'absent' }; result: ResolverResult<MacroViewModel> };
  refresh: { payload: Record<string, never>; result: ResolverResult<MacroViewModel> };
  searchSpecs: { payload: { query: string }; result: ResolverResult<{ items: SpecSummary[] }> };
  checkConfig: { payload: { config: unknown }; result: ResolverResult<CheckedConfig> };
}

/** One picked spec of a version-2 config: its id and, when pinned, the revision (as written). */
export interface SpecPick {
  id: string;
  revision?: string;
}

/**
 * The macro config the custom config dialog saves (`version: 2`). Configs without `version` are the classic
 * config panel's fields (`specIds` text with `ID@REV`, `pinnedRevision`, `ttlMinutes`) and are migrated.
 */
export interface MacroConfigV2 {
  version: 2;
  specs: SpecPick[];
  layout?: Layout;
  columns?: TableColumn[];
  /** Parameter names the table shows as columns, separated by commas (see shared/parameter-names.ts). */
  parameterColumns?: string;
  /** Minutes the data counts as fresh; empty or absent: the site default. */
  freshnessMinutes?: string;
}

/**
 * `checkConfig`'s answer: the config as version 2 and what is wrong with it (the macro's config problems). When the
 * dialog opens (no draft), `known` also names the picked specs Spec Bridge has cached, so the list shows their titles.
 */
export interface CheckedConfig {
  config: MacroConfigV2;
  problems: string[];
  known?: SpecSummary[];
}

/** The realtime channel the push path publishes on; payload carries spec ids only. */
export const SPEC_CHANGES_CHANNEL = 'spec-bridge.spec-changes';

export interface SpecChangesEvent {
  specIds: string[];
}
