import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { EgressFilteringService, EgressType } from '@forge/egress';

/**
 * The JSON of the `@forge/bridge` `permissions.egress.*` calls (bridge commands `__permission__egress*`), with egress
 * types as their strings (@forge/bridge types them with @forge/egress's enum, whose values these are).
 */
export type EgressTypeName = `${EgressType}`;
export interface EgressGroup {
  key: string;
  description: string;
  configured: { domain: string; type: EgressTypeName[] }[];
}
export interface EgressSetPayload {
  egresses: EgressGroup[];
}
export interface EgressSetResponse {
  results: EgressGroup[];
}
export interface EgressGetPayload {
  keys?: string[];
  pageSize?: number;
  nextPageToken?: string;
}
export interface EgressGetResponse {
  results: EgressGroup[];
  lastEvaluatedKey?: string;
}
export interface EgressDeleteDomainPayload {
  key: string;
  domain: string;
  type: EgressTypeName;
}
export interface EgressDeleteGroupPayload {
  key: string;
}

/** Egress groups one installation may hold (Forge's customer-managed egress limit; one more is a 400). */
export const MAX_EGRESS_GROUPS = 10;

export type CustomerEgressErrorCode = 'NOT_ENABLED' | 'FORBIDDEN' | 'INVALID_INPUT' | 'LIMIT_EXCEEDED' | 'DECLINED';

/**
 * How a `permissions.egress.*` call is refused. Forge documents only that the promise rejects (on decline, for a
 * non-admin, over the group limit with a 400); the code and status here are this emulation's own labels.
 */
export class CustomerEgressError extends Error {
  override name = 'CustomerEgressError';
  constructor(
    message: string,
    readonly code: CustomerEgressErrorCode,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A `permissions.egress.set` call waiting for the site admin in Atlassian's consent dialog. */
export interface PendingEgressConsent {
  id: string;
  /** The admin who opened it. */
  accountId: string;
  /** Epoch ms. */
  requestedAt: number;
  /** The groups the dialog describes, as the app passed them. */
  egresses: EgressSetPayload['egresses'];
}

/**
 * Customer-managed egress (Forge EAP) for one installation: the `@forge/bridge` `permissions.egress.*` calls, the
 * consent dialog's decision, and the backend-fetch check. Every call fails unless the manifest sets
 * `permissions.external.configurable.enabled: true`, as the Forge API reference says.
 */
export interface CustomerEgress {
  /** The manifest's `permissions.external.configurable.enabled`. */
  readonly enabled: boolean;
  /**
   * `permissions.egress.set` from a page viewed by `accountId`: rejects at once for an anonymous or non-admin viewer,
   * a malformed payload or more than MAX_EGRESS_GROUPS groups; otherwise opens a consent (see `pending`) and settles
   * when it is approved (resolves `{ results }`, the groups saved) or declined (rejects).
   */
  set(payload: EgressSetPayload, accountId: string | undefined): Promise<EgressSetResponse>;
  /** Consents waiting for a decision, oldest first. */
  pending(): PendingEgressConsent[];
  /** Told of each consent as it opens; returns the unsubscribe function. */
  onPending(listener: (consent: PendingEgressConsent) => void): () => void;
  /** The admin confirms the dialog: the groups are saved (same key → replaced) and `set` resolves. */
  approve(consentId: string): void;
  /** The admin cancels the dialog: nothing is saved and `set` rejects. */
  decline(consentId: string): void;
  /** `permissions.egress.get`: the saved groups, by key, filtered by `keys`, paged by `pageSize` / `nextPageToken`. */
  get(payload?: EgressGetPayload): Promise<EgressGetResponse>;
  /** `permissions.egress.deleteDomain` (admin only): drops one domain of one type from a group. */
  deleteDomain(payload: EgressDeleteDomainPayload, accountId: string | undefined): Promise<void>;
  /** `permissions.egress.deleteGroup` (admin only): drops a group. */
  deleteGroup(payload: EgressDeleteGroupPayload, accountId: string | undefined): Promise<void>;
  /** Whether a backend `fetch` of `url` is allowed by a saved FETCH_BACKEND_SIDE domain (false when not enabled). */
  allowsBackendFetch(url: string): boolean;
}

const EGRESS_TYPES = new Set<string>(Object.values(EgressType));
const BACKEND: EgressTypeName = 'FETCH_BACKEND_SIDE';

export function createCustomerEgress(options: {
  db: DatabaseSync;
  installationId: string;
  enabled: boolean;
  isAdmin: (accountId: string) => boolean;
  now: () => number;
}): CustomerEgress {
  const { db, installationId, enabled } = options;
  db.exec(`CREATE TABLE IF NOT EXISTS customer_egress_groups (
    installation_id TEXT NOT NULL,
    group_key TEXT NOT NULL,
    description TEXT NOT NULL,
    configured_json TEXT NOT NULL,
    PRIMARY KEY (installation_id, group_key)
  )`);
  const waiting = new Map<string, PendingEgressConsent & { settle: (error?: CustomerEgressError) => void }>();
  const listeners = new Set<(consent: PendingEgressConsent) => void>();

  const groups = (): EgressGroup[] =>
    db
      .prepare('SELECT group_key, description, configured_json FROM customer_egress_groups WHERE installation_id = ? ORDER BY group_key')
      .all(installationId)
      .map((row) => ({ key: String(row.group_key), description: String(row.description), configured: JSON.parse(String(row.configured_json)) as EgressGroup['configured'] }));

  const saveGroup = (group: EgressGroup) =>
    db
      .prepare('INSERT OR REPLACE INTO customer_egress_groups (installation_id, group_key, description, configured_json) VALUES (?, ?, ?, ?)')
      .run(installationId, group.key, group.description, JSON.stringify(group.configured));

  function requireEnabled(): void {
    if (!enabled) throw new CustomerEgressError('Customer-managed egress is not enabled: manifest.yml has no permissions.external.configurable.enabled: true', 'NOT_ENABLED', 400);
  }

  function requireAdmin(accountId: string | undefined): void {
    if (accountId === undefined || !options.isAdmin(accountId)) throw new CustomerEgressError('Only a site administrator can change the app\'s egress', 'FORBIDDEN', 403);
  }

  function overLimit(keys: string[]): CustomerEgressError | undefined {
    const total = new Set([...groups().map((g) => g.key), ...keys]).size;
    return total > MAX_EGRESS_GROUPS ? new CustomerEgressError(`An installation holds at most ${MAX_EGRESS_GROUPS} egress groups; this would make ${total}`, 'LIMIT_EXCEEDED', 400) : undefined;
  }

  return {
    enabled,
    async set(payload, accountId) {
      requireEnabled();
      requireAdmin(accountId);
      const egresses = validSetPayload(payload);
      const tooMany = overLimit(egresses.map((e) => e.key));
      if (tooMany) throw tooMany;
      const consent: PendingEgressConsent = { id: randomUUID(), accountId: accountId!, requestedAt: options.now(), egresses: structuredClone(egresses) };
      return new Promise<EgressSetResponse>((resolve, reject) => {
        waiting.set(consent.id, {
          ...consent,
          settle(error) {
            waiting.delete(consent.id);
            // Another consent approved meanwhile may have filled the installation's groups.
            const refused = error ?? overLimit(egresses.map((e) => e.key));
            if (refused) return reject(refused);
            const results = egresses.map((e) => ({ key: e.key, description: e.description, configured: e.configured }));
            results.forEach(saveGroup);
            resolve({ results });
          },
        });
        for (const listener of listeners) listener(structuredClone(consent));
      });
    },
    pending: () => [...waiting.values()].map(({ settle: _settle, ...consent }) => structuredClone(consent)),
    onPending(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    approve(consentId) {
      pendingConsent(consentId).settle();
    },
    decline(consentId) {
      pendingConsent(consentId).settle(new CustomerEgressError('The administrator declined the egress request', 'DECLINED'));
    },
    async get(payload = {}) {
      requireEnabled();
      const wanted = payload.keys === undefined ? undefined : new Set(payload.keys);
      const matching = groups().filter((g) => !wanted || wanted.has(g.key));
      const start = payload.nextPageToken === undefined ? 0 : matching.findIndex((g) => g.key > payload.nextPageToken!);
      const page = start < 0 ? [] : matching.slice(start, start + (payload.pageSize ?? MAX_EGRESS_GROUPS));
      const more = start >= 0 && start + page.length < matching.length;
      return { results: page, ...(more ? { lastEvaluatedKey: page[page.length - 1]!.key } : {}) };
    },
    async deleteDomain(payload, accountId) {
      requireEnabled();
      requireAdmin(accountId);
      const group = groups().find((g) => g.key === payload.key);
      if (!group) return;
      const configured = group.configured
        .map((entry) => (entry.domain === payload.domain ? { ...entry, type: entry.type.filter((t) => t !== payload.type) } : entry))
        .filter((entry) => entry.type.length > 0);
      saveGroup({ ...group, configured });
    },
    async deleteGroup(payload, accountId) {
      requireEnabled();
      requireAdmin(accountId);
      db.prepare('DELETE FROM customer_egress_groups WHERE installation_id = ? AND group_key = ?').run(installationId, payload.key);
    },
    allowsBackendFetch(url) {
      if (!enabled) return false;
      const domains = groups().flatMap((g) => g.configured.filter((c) => c.type.includes(BACKEND)).map((c) => c.domain));
      return domains.length > 0 && new EgressFilteringService(domains).isValidUrl(url);
    },
  };

  function pendingConsent(id: string) {
    const consent = waiting.get(id);
    if (!consent) throw new Error(`No egress consent ${id} is waiting`);
    return consent;
  }
}

/** The payload `set` accepts: at least one group, unique keys, each with domains and known egress types. */
function validSetPayload(payload: EgressSetPayload): EgressSetPayload['egresses'] {
  const invalid = (why: string) => new CustomerEgressError(`Invalid egress request: ${why}`, 'INVALID_INPUT', 400);
  const egresses = (payload as { egresses?: unknown } | undefined)?.egresses;
  if (!Array.isArray(egresses) || egresses.length === 0) throw invalid('egresses must be a non-empty array');
  const keys = new Set<string>();
  for (const group of egresses as EgressSetPayload['egresses']) {
    if (typeof group?.key !== 'string' || group.key.trim() === '') throw invalid('every group needs a key');
    if (keys.has(group.key)) throw invalid(`key ${group.key} appears twice`);
    keys.add(group.key);
    if (typeof group.description !== 'string') throw invalid(`group ${group.key} needs a description`);
    if (!Array.isArray(group.configured) || group.configured.length === 0) throw invalid(`group ${group.key} configures no domain`);
    for (const entry of group.configured) {
      if (typeof entry?.domain !== 'string' || !/^(\*\.)?[a-z0-9.-]+$/i.test(entry.domain)) throw invalid(`group ${group.key} has a domain that is not a host name`);
      if (!Array.isArray(entry.type) || entry.type.length === 0 || !entry.type.every((t) => EGRESS_TYPES.has(t))) throw invalid(`group ${group.key} has an unknown egress type`);
    }
  }
  return egresses as EgressSetPayload['egresses'];
}
