/**
 * An in-memory admin resolver for the admin page's UI tests: it answers every call of src/shared/admin-contract.ts
 * from its own state at the bridge layer (the harness's `resolver`), so the page is tested against the contract and
 * not against mocks of @forge/*. Tests script the engineering system's answers and how long actions take.
 */
import type {
  ActionProgress,
  AdminAnswers,
  AdminCall,
  AdminPayloads,
  AdminState,
  AllowListEntry,
  AuditEntry,
  ConnectionState,
  DeliveryEntry,
  DocumentationNoticeSettings,
  SecretInfo,
  TestConnectionResult,
} from '../../src/shared/admin-contract';
import type { ResolverErrorCode, ResolverResult } from '../../src/shared/resolver-contract';

interface StoredSecret extends SecretInfo {
  value: string;
}

const refuse = (code: ResolverErrorCode, message: string): ResolverResult<never> => ({ ok: false, code, message });

export class FakeAdminBackend {
  /** False: every call answers `forbidden`, as for a user who is not a Confluence administrator. */
  isAdmin = true;
  /** Calls that fail once with this answer before answering normally (e.g. `unavailable`). */
  readonly failNext = new Map<AdminCall, { code: ResolverErrorCode; message: string }>();
  site: { baseUrl: string; token: string; updatedAt?: string } | undefined;
  environment: { baseUrl: string; token: string } | undefined;
  readonly allowedHosts = ['plm.example.com'];
  /** The deployment's CUSTOMER_MANAGED_EGRESS switch. */
  customerManagedEgress = false;
  /** The engineering system: which token reads what. */
  readonly tokens = new Map<string, { id: string; title: string; revision: string; status: string }>();
  readonly secrets: StoredSecret[] = [];
  readonly deliveries: DeliveryEntry[] = [];
  readonly audit: AuditEntry[] = [];
  allowList: AllowListEntry[] = [];
  documentationNotices: DocumentationNoticeSettings | undefined;
  readonly actions: ActionProgress[] = [];
  /** How many items an action works through; each getHealth while it runs moves it one item on. */
  actionTotal = 3;
  private secretCount = 0;
  private clockMs = Date.parse('2026-11-30T09:00:00Z');

  /** The harness resolver: `harness.resolver = backend.answer`. */
  readonly answer = (key: string, payload: unknown): ResolverResult<unknown> => {
    if (!this.isAdmin) return refuse('forbidden', 'Only Confluence administrators can use this.');
    const failure = this.failNext.get(key as AdminCall);
    if (failure) {
      this.failNext.delete(key as AdminCall);
      return refuse(failure.code, failure.message);
    }
    const handler = this.handlers[key as AdminCall] as ((input: unknown) => ResolverResult<unknown>) | undefined;
    if (!handler) throw new Error(`the admin resolver has no call ${key}`);
    return handler(payload ?? {});
  };

  private readonly handlers: { [K in AdminCall]: (input: AdminPayloads[K]) => ResolverResult<AdminAnswers[K]> } = {
    getAdminState: () => this.ok(this.state()),
    saveConnection: (input) => {
      if (!/^https:\/\//.test(input.baseUrl)) return refuse('invalid_input', 'The base URL must start with https://.');
      const token = input.token ?? this.site?.token;
      if (!token) return refuse('invalid_input', 'Enter the API token: none is stored yet.');
      this.site = { baseUrl: input.baseUrl, token, updatedAt: this.iso() };
      this.record('connection.saved', input.baseUrl);
      return this.ok(this.state());
    },
    removeConnection: () => {
      this.site = undefined;
      this.record('connection.removed', '');
      return this.ok(this.state());
    },
    testConnection: (input) => this.ok(this.test(input.baseUrl ?? this.connection()?.baseUrl, input.token ?? this.connection()?.token)),
    createSecret: (input) => {
      const current = this.secrets.find((secret) => secret.direction === input.direction && secret.role === 'current');
      if (current) {
        current.role = 'previous';
        if (input.keepPreviousDays !== undefined) current.expiresAt = new Date(this.now() + input.keepPreviousDays * 86_400_000).toISOString();
      }
      this.secretCount += 1;
      const value = `whsec_${'k'.repeat(28)}${String(this.secretCount).padStart(4, '0')}`;
      const info: SecretInfo = { id: `secret-${this.secretCount}`, direction: input.direction, hint: `whsec_…${value.slice(-4)}`, createdAt: this.iso(), role: 'current' };
      this.secrets.push({ ...info, value });
      this.record(current ? 'secret.rotated' : 'secret.created', `${input.direction} ${info.hint}`);
      return this.ok({ info, secret: value });
    },
    removeSecret: (input) => {
      const index = this.secrets.findIndex((secret) => secret.id === input.id);
      if (index < 0) return refuse('invalid_input', 'That secret is already gone.');
      this.secrets.splice(index, 1);
      return this.ok(this.state());
    },
    sendTestNotice: () => {
      const delivery: DeliveryEntry = { at: this.iso(), direction: 'outbound', webhookId: 'wh-test-1', specIds: ['SHAFT-1042'], status: 'accepted', httpStatus: 202, test: true };
      this.deliveries.unshift(delivery);
      return this.ok({ httpStatus: 202, delivery });
    },
    listDeliveries: (filter) => {
      const items = this.deliveries.filter(
        (entry) =>
          (!filter.status || entry.status === filter.status) &&
          (!filter.direction || entry.direction === filter.direction) &&
          (!filter.text || [...entry.specIds, entry.webhookId ?? ''].some((value) => value.includes(filter.text!))),
      );
      return this.ok({ items: items.slice(0, filter.limit ?? 50) });
    },
    getHealth: () => {
      for (const action of this.actions.filter((a) => a.state === 'running')) {
        action.done += 1;
        if (action.done >= (action.total ?? 0)) Object.assign(action, { state: 'done', finishedAt: this.iso() });
      }
      return this.ok({ cacheEntries: 12, breaker: { state: 'closed' }, engineeringErrors: [], actions: structuredClone(this.actions) });
    },
    startAction: (input) => {
      if (this.actions.some((a) => a.action === input.action && a.state === 'running')) return refuse('invalid_input', 'That action is already running.');
      const progress: ActionProgress = { id: `action-${this.actions.length + 1}`, action: input.action, state: 'running', done: 0, total: this.actionTotal, startedAt: this.iso() };
      this.actions.unshift(progress);
      return this.ok(structuredClone(progress));
    },
    saveAllowList: (input) => {
      this.allowList = input.allowList;
      this.record('allowList.saved', `${input.allowList.length} entries`);
      return this.ok(this.state());
    },
    listAudit: () => this.ok({ items: [...this.audit] }),
    saveDocumentationNotices: (input) => {
      const host = /^https:\/\//.test(input.receiverUrl) ? new URL(input.receiverUrl).hostname : undefined;
      if (!host || !this.allowedHosts.includes(host)) return refuse('invalid_input', `The receiver URL must be an https URL on ${this.allowedHosts.join(', ')}.`);
      const { receiverUrl, shareTitles = false, includeRestricted = false } = input;
      this.documentationNotices = { receiverUrl, shareTitles, includeRestricted, updatedAt: this.iso(), updatedBy: 'admin-account-1' };
      this.record('documentationNotices.saved', receiverUrl);
      return this.ok(this.state());
    },
    removeDocumentationNotices: () => {
      this.documentationNotices = undefined;
      this.record('documentationNotices.removed', '');
      return this.ok(this.state());
    },
  };

  private connection(): { baseUrl: string; token: string } | undefined {
    return this.site ?? this.environment;
  }

  private state(): AdminState {
    const stored = this.connection();
    const connection: ConnectionState = stored
      ? {
          status: 'connected',
          source: this.site ? 'site' : 'environment',
          baseUrl: stored.baseUrl,
          tokenHint: `…${stored.token.slice(-4)}`,
          ...(this.site?.updatedAt ? { updatedAt: this.site.updatedAt, updatedBy: 'admin-account-1' } : {}),
          allowedHosts: this.allowedHosts,
        }
      : { status: 'not_connected', allowedHosts: this.allowedHosts };
    return {
      cloudId: 'cloud-1',
      connection,
      webTriggers: [
        { key: 'change-notices', direction: 'inbound', url: 'https://webtrigger.example/x1/change-notices' },
        { key: 'spec-queries', direction: 'query', url: 'https://webtrigger.example/x1/spec-queries' },
      ],
      secrets: this.secrets.map(({ value: _value, ...info }) => info),
      allowList: structuredClone(this.allowList),
      capabilities: { customerManagedEgress: this.customerManagedEgress },
      ...(this.documentationNotices ? { documentationNotices: { ...this.documentationNotices } } : {}),
    };
  }

  private test(baseUrl: string | undefined, token: string | undefined): TestConnectionResult {
    if (!baseUrl) return { ok: false, latencyMs: 0, reason: 'No connection is saved and none was typed.' };
    if (!this.allowedHosts.includes(new URL(baseUrl).hostname)) return { ok: false, latencyMs: 0, reason: `This deployment may not call ${new URL(baseUrl).hostname}.` };
    const sample = token ? this.tokens.get(token) : undefined;
    if (!sample) return { ok: false, status: 401, latencyMs: 88, reason: 'The engineering system refused the token (HTTP 401).' };
    return { ok: true, status: 200, latencyMs: 143, sample };
  }

  private record(action: string, detail: string): void {
    this.audit.unshift({ at: this.iso(), accountId: 'admin-account-1', action, detail });
  }

  private now(): number {
    this.clockMs += 60_000;
    return this.clockMs;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private ok<T>(value: T): ResolverResult<T> {
    return { ok: true, value };
  }
}
