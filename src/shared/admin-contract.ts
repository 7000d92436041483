/**
 * What the admin page's resolver (`confluence:globalSettings`, handler `index.adminResolver`) answers. Shared by backend
 * and the admin page; imports nothing outside src/shared/. No answer ever carries a secret value, except the one
 * `createSecret` answer that shows a newly generated webhook secret once.
 */
import type { ResolverResult } from './resolver-contract';

/** The admin resolver's function keys; each refuses callers who are not Confluence administrators (`forbidden`). */
export const ADMIN_CALLS = [
  'getAdminState',
  'saveConnection',
  'removeConnection',
  'testConnection',
  'createSecret',
  'removeSecret',
  'sendTestNotice',
  'listDeliveries',
  'getHealth',
  'startAction',
  'saveAllowList',
  'listAudit',
  'saveDocumentationNotices',
  'removeDocumentationNotices',
] as const;
export type AdminCall = (typeof ADMIN_CALLS)[number];

/** Where the engineering connection this site uses comes from. */
export type ConnectionSource = 'site' | 'environment';

export interface ConnectionState {
  status: 'connected' | 'not_connected';
  source?: ConnectionSource;
  baseUrl?: string;
  /** The stored token's last 4 characters as `…4f2a`; never the token. */
  tokenHint?: string;
  updatedAt?: string;
  /** accountId of the admin who saved it. */
  updatedBy?: string;
  /** Hosts this deployment may call (manifest `permissions.external.fetch.backend`), so the admin knows what fits. */
  allowedHosts: string[];
}

/** Which integration a webhook secret signs: change notices in, documentation notices out, queries in. */
export type SecretDirection = 'inbound' | 'outbound' | 'query';
export const SECRET_DIRECTIONS: readonly SecretDirection[] = ['inbound', 'outbound', 'query'];

/** A stored webhook secret, described without its value. */
export interface SecretInfo {
  id: string;
  direction: SecretDirection;
  /** `whsec_…` and the last 4 characters. */
  hint: string;
  createdAt: string;
  /** When a rotated-out secret stops being accepted; absent: until removed. */
  expiresAt?: string;
  /** `current` signs (outbound) and verifies; `previous` verifies only, until removed or expired. */
  role: 'current' | 'previous';
}

export interface WebTriggerInfo {
  key: string;
  direction: 'inbound' | 'query';
  url: string;
}

export interface AllowListEntry {
  /** A space key, or `*` for every space without its own entry. */
  spaceKey: string;
  /** Spec id patterns: `SHAFT-*`, `GEAR-1042`; `*` matches any run of characters. */
  patterns: string[];
}

export interface AdminState {
  cloudId: string;
  connection: ConnectionState;
  webTriggers: WebTriggerInfo[];
  secrets: SecretInfo[];
  /** Empty: every spec the token can read may be shown anywhere. */
  allowList: AllowListEntry[];
  /** The stored list cannot be read: every spec is refused until a valid list (an empty one included) is saved. */
  allowListMalformed?: true;
  /** Capability switches of this deployment. */
  capabilities: { customerManagedEgress: boolean };
  /** Where documentation notices go and what they may carry; absent: none are sent. */
  documentationNotices?: DocumentationNoticeSettings;
}

/** The site's documentation-notice settings (docs/documentation-notices.md); both opt-ins default to off. */
export interface DocumentationNoticeSettings {
  /** On the engineering system's host this deployment may call (`connection.allowedHosts`). */
  receiverUrl: string;
  /** Notices carry page titles and space keys. */
  shareTitles: boolean;
  /** Notices describe pages with view restrictions too (otherwise such a page is sent as `gone`). */
  includeRestricted: boolean;
  updatedAt: string;
  updatedBy: string;
}

export interface SaveDocumentationNoticesInput {
  receiverUrl: string;
  shareTitles?: boolean;
  includeRestricted?: boolean;
}

export interface SaveConnectionInput {
  baseUrl: string;
  /** Omitted: keep the stored token (only the URL changes). */
  token?: string;
}

export interface TestConnectionInput {
  /** Omitted: the saved connection's. */
  baseUrl?: string;
  /** Omitted: the stored token. */
  token?: string;
  /** A spec id to read; omitted: one the site has cached, else the first search hit. */
  sampleId?: string;
}

export type TestConnectionResult =
  | { ok: true; status: number; latencyMs: number; sample?: { id: string; title: string; revision: string; status: string } }
  | { ok: false; latencyMs: number; status?: number; reason: string };

export interface CreateSecretInput {
  direction: SecretDirection;
  /** Rotate: the current secret becomes `previous` and stays valid this many days (0–30); omitted: until removed. */
  keepPreviousDays?: number;
}

/** The only answer that carries a secret value: shown once, never readable again. */
export interface CreatedSecret {
  info: SecretInfo;
  secret: string;
}

export type DeliveryStatus = 'accepted' | 'duplicate' | 'refused';

export interface DeliveryEntry {
  /** Set on entries read from the log: unique, for list keys. */
  id?: string;
  at: string;
  direction: 'inbound' | 'outbound';
  /** At most 128 characters (longer ones are clipped with `…`). */
  webhookId?: string;
  /** At most 20; a refused notice's only when its body parses (see `unverified`). */
  specIds: string[];
  /** How many spec ids the notice listed, when more than `specIds` shows. */
  specIdCount?: number;
  status: DeliveryStatus;
  /** HTTP status answered (inbound) or received (outbound). */
  httpStatus: number;
  /** A code: the signature check's reason of a 401 (`no_matching_signature`, `timestamp_out_of_range`, …), else the error code answered. */
  reason?: string;
  /** Set when the signature was not verified (refused before or by the check): webhook-id and spec ids are only what the sender claimed. */
  unverified?: boolean;
  /** Set when the notice came from this page's Send test notice. */
  test?: boolean;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  direction?: 'inbound' | 'outbound';
  /** Matches a spec id or webhook-id containing this text. */
  text?: string;
  limit?: number;
}

export interface HealthState {
  /** Absent when the call asked not to count (a progress poll): the page keeps the count it showed. */
  cacheEntries?: number;
  /** True when there are more cached specs than the count goes to (it stops at `cacheEntries`). */
  cacheEntriesCapped?: boolean;
  breaker: { state: 'closed' | 'open' | 'half_open'; closesAt?: string };
  /** The last engineering errors with the details readers never see (newest first, at most 20). */
  engineeringErrors: { at: string; kind: string; detail: string }[];
  /** Queue events waiting, when Forge lets the app know (undefined: not measurable). */
  queueBacklog?: number;
  actions: ActionProgress[];
}

export type AdminAction = 'purge_cache' | 'resnapshot_all' | 'remove_snapshots';
export const ADMIN_ACTIONS: readonly AdminAction[] = ['purge_cache', 'resnapshot_all', 'remove_snapshots'];

export interface ActionProgress {
  id: string;
  action: AdminAction;
  state: 'running' | 'done' | 'failed';
  done: number;
  total?: number;
  startedAt: string;
  finishedAt?: string;
  message?: string;
}

export interface AuditEntry {
  at: string;
  accountId: string;
  /** What changed, never a secret value: `connection.saved`, `secret.created`, `allowList.saved`, … */
  action: string;
  detail: string;
}

/** The answer types of each admin call, for typed invokes from the admin page. */
export interface AdminAnswers {
  getAdminState: AdminState;
  saveConnection: AdminState;
  removeConnection: AdminState;
  testConnection: TestConnectionResult;
  createSecret: CreatedSecret;
  removeSecret: AdminState;
  sendTestNotice: { httpStatus: number; delivery: DeliveryEntry };
  listDeliveries: { items: DeliveryEntry[] };
  getHealth: HealthState;
  startAction: ActionProgress;
  saveAllowList: AdminState;
  listAudit: { items: AuditEntry[] };
  saveDocumentationNotices: AdminState;
  removeDocumentationNotices: AdminState;
}

export type AdminAnswer<K extends AdminCall> = ResolverResult<AdminAnswers[K]>;

/**
 * What each admin call takes. Added by the admin page (the answers above name no inputs for every call); an empty
 * object where a call takes nothing.
 */
export interface AdminPayloads {
  getAdminState: Record<string, never>;
  saveConnection: SaveConnectionInput;
  removeConnection: Record<string, never>;
  testConnection: TestConnectionInput;
  createSecret: CreateSecretInput;
  removeSecret: { id: string };
  sendTestNotice: { specId?: string; secret?: string };
  listDeliveries: DeliveryFilter;
  /** `countCache: false` (progress polls): skip counting the cache, which reads values too. */
  getHealth: { countCache?: boolean };
  startAction: { action: AdminAction };
  saveAllowList: { allowList: AllowListEntry[] };
  listAudit: { limit?: number };
  saveDocumentationNotices: SaveDocumentationNoticesInput;
  removeDocumentationNotices: Record<string, never>;
}
