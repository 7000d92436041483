/**
 * The sample engineering system: Spec Bridge's embedded default data source. Serves the
 * engineering API contract (docs/engineering-api.openapi.yaml) from SQLite, with bearer auth,
 * ETags, injectable faults and an admin seam for the workbench, benchmarks and the push path. Receives Spec Bridge's
 * documentation notices (signed, not bearer-authenticated) and answers where each spec is documented.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { SpecRecord } from '../../src/shared/spec-record';
import { systemClock, type Clock } from '../platform/clock';
import type { Counters } from '../platform/counters';
import { sleep, type FaultPlan } from '../platform/faults';
import { createDocumentationReceiver, type DocumentationListener } from './documentation-receiver';
import { openDocumentationStore, type SpecDocumentation } from './documentation-store';
import { createRouteHandlers } from './engineering-handlers';
import { errorResponse, faultResponse, hasBearerToken } from './engineering-http';
import { matchRoute, SIGNED_ROUTES } from './engineering-routes';
import { createSpecEditor, type SpecChangeListener, type SpecEditResult } from './spec-editor';
import { openSpecRepository } from './spec-repository';

/** Inputs of createEngineeringSystem. */
export interface EngineeringSystemOptions {
  /** SQLite database from local/platform/store.ts openStore (shared with other services; tables are `eng_*`). */
  db: DatabaseSync;
  clock?: Clock;
  /** The bearer token clients must send. */
  token: string;
  /** Path prefix of the API (default `/eng/api/v1`). */
  basePath?: string;
  faults?: Pick<FaultPlan, 'decide'>;
  counters?: Counters;
  /**
   * Secrets (`whsec_<base64>`) that sign Spec Bridge's documentation notices (its outbound secret): the current one
   * and, while rotating, the previous one. None (default): every notice answers 401.
   */
  documentationSecrets?: readonly string[];
}

/** A manual switch for the workbench and benchmarks, applied on top of any fault rules. */
export interface EngineeringMode {
  /** Extra latency for every request. */
  latencyMs?: number;
  /** true → every request answers 503; a number → every request answers that status. */
  failAll?: boolean | number;
  /** Retry-After sent with failAll responses (429 always gets one; default 1). */
  retryAfterSeconds?: number;
}

/** Direct access for the workbench, benchmarks and tests; edits notify onChange listeners like HTTP edits do. */
export interface EngineeringAdmin {
  listSpecs(): SpecRecord[];
  getSpec(id: string): SpecRecord | undefined;
  /** Adds a record (tests and benchmarks that need more specs than the seed); notifies listeners. */
  createSpec(record: unknown): SpecEditResult;
  /** Same validation and effects as PATCH /specs/{id}. */
  updateSpec(id: string, patch: unknown): SpecEditResult;
  /** Same effects as DELETE /specs/{id}; false when the spec did not exist. */
  deleteSpec(id: string): boolean;
  /** Drops every record and reloads seed-specs.json (does not notify listeners). */
  reset(): void;
  /** Replaces the manual mode; `setMode({})` turns it off. */
  setMode(mode: EngineeringMode): void;
  getMode(): EngineeringMode;
  /** Subscribes to `spec.updated` / `spec.deleted` after successful edits; returns an unsubscribe function. */
  onChange(listener: SpecChangeListener): () => void;
  /** Resolves once promises returned by change listeners so far have settled. */
  settled(): Promise<void>;
  /** Replaces the secrets documentation notices are verified with (rotation; the workbench after an admin rotates). */
  setDocumentationSecrets(secrets: readonly string[]): void;
  /** Subscribes to applied documentation notices (not duplicates or older states); returns an unsubscribe function. */
  onDocumentation(listener: DocumentationListener): () => void;
}

/** A running sample engineering system: the HTTP entry point plus the admin seam. */
export interface EngineeringSystem {
  basePath: string;
  /** Answers one request whose URL path starts with basePath (404 JSON otherwise). */
  handle(request: Request): Promise<Response>;
  /** What `GET /specs/{id}/documentation` answers, in process; undefined when the spec does not exist. */
  documentation(specId: string): SpecDocumentation | undefined;
  admin: EngineeringAdmin;
}

/** Creates the sample engineering system over a SQLite database (seeding it on first open). */
export function createEngineeringSystem(options: EngineeringSystemOptions): EngineeringSystem {
  const { db, token, faults, counters, clock = systemClock } = options;
  const basePath = (options.basePath ?? '/eng/api/v1').replace(/\/+$/, '');
  if (token === '') throw new Error('createEngineeringSystem: token must not be empty');
  const repository = openSpecRepository(db);
  const editor = createSpecEditor(repository, clock);
  const documentationStore = openDocumentationStore(db);
  const documentationListeners = new Set<DocumentationListener>();
  const receiver = createDocumentationReceiver(documentationStore, clock, options.documentationSecrets ?? [], (outcome, page) => {
    for (const listener of documentationListeners) {
      try {
        listener({ cloudId: page.cloudId, pageId: page.pageId, sequence: outcome.sequence, specIds: outcome.specIds });
      } catch (error) {
        console.error('engineering: documentation listener failed', { error });
      }
    }
  });
  function documentation(specId: string): SpecDocumentation | undefined {
    const record = repository.get(specId);
    if (record === undefined) return undefined;
    return { specId, revision: record.revision, pages: documentationStore.pagesShowing(specId) };
  }
  const handlers = createRouteHandlers(repository, editor, { receiver, documentation });
  let mode: EngineeringMode = {};

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(`${basePath}/`)) {
      return errorResponse(404, 'not_found', `No engineering API under ${url.pathname}; it lives at ${basePath}.`);
    }
    counters?.increment('engineering.requests');
    const path = url.pathname.slice(basePath.length);
    const match = matchRoute(request.method, path);
    if (match === undefined) return errorResponse(404, 'not_found', `No route for ${request.method} ${path}.`);
    counters?.increment(`engineering.${match.route}`);

    const decision = faults?.decide('engineering', match.route);
    await sleep((decision?.latencyMs ?? 0) + (mode.latencyMs ?? 0));
    if (decision?.status !== undefined) return faultResponse(decision.status, decision.retryAfterSeconds);
    if (mode.failAll !== undefined && mode.failAll !== false) {
      return faultResponse(mode.failAll === true ? 503 : mode.failAll, mode.retryAfterSeconds);
    }

    if (!SIGNED_ROUTES.has(match.route) && !hasBearerToken(request.headers.get('authorization'), token)) {
      return errorResponse(401, 'unauthorized', 'Missing or invalid bearer token.', { 'www-authenticate': 'Bearer' });
    }
    try {
      return await handlers[match.route]({ request, url, params: match.params });
    } catch (error) {
      console.error('engineering: request failed', { route: match.route, error });
      return errorResponse(500, 'unavailable', 'Internal error in the engineering system.');
    }
  }

  const admin: EngineeringAdmin = {
    listSpecs: () => repository.list(),
    getSpec: (id) => repository.get(id),
    createSpec: (record) => editor.create(record),
    updateSpec: (id, patch) => editor.update(id, patch),
    deleteSpec: (id) => editor.remove(id),
    reset: () => repository.reseed(),
    setMode(next) {
      const status = next.failAll;
      if (typeof status === 'number' && !(Number.isInteger(status) && status >= 400 && status <= 599)) {
        throw new RangeError(`setMode: failAll must be true, false or an HTTP error status (400-599), not ${status}`);
      }
      mode = { ...next };
    },
    getMode: () => ({ ...mode }),
    onChange: (listener) => editor.onChange(listener),
    settled: () => editor.settled(),
    setDocumentationSecrets: (secrets) => receiver.setSecrets(secrets),
    onDocumentation(listener) {
      documentationListeners.add(listener);
      return () => {
        documentationListeners.delete(listener);
      };
    },
  };

  return { basePath, handle, documentation, admin };
}
