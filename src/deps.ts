import { fetch as forgeFetch, getAppContext } from '@forge/api';
import type { AppConfig } from './config';
import { chooseConnection, type EngineeringConnection } from './domain/engineering-connection';
import { clientWhenConnected } from './engineering/connected-client';
import { createEngineeringClient } from './engineering/engineering-client';
import { describeEngineeringError } from './engineering/errors';
import { readerMessage } from './domain/reader-messages';
import { createSpecSource } from './engineering/spec-source';
import { createConfluenceSnapshotStore } from './confluence/content-properties';
import { createSearchIndexWriter } from './confluence/search-index-writer';
import { createConfluencePageReader } from './confluence/page-reader';
import { createPointsGovernor } from './confluence/points-governor';
import type { CallPurpose } from './domain/points-budget';
import type { MacroRef, PageIndexEntry, SpecStore } from './domain/ports';
import type { ShownRevisions } from './domain/documentation-state';
import type { CacheEntry } from './domain/cache-entry';
import { createKvsEngineeringErrorLog } from './kvs/engineering-errors';
import { createKvsPointsLedger } from './kvs/points-ledger';
import { readSiteConnection } from './kvs/site-settings';
import { createKvsPageIndex } from './kvs/page-index';
import { createKvsSpecStore } from './kvs/spec-store';
import { createKvsWhereUsedIndex } from './kvs/where-used';
import { createLogger } from './log';
import { DEFAULT_POLICY, type PipelineDeps } from './pipeline/pipeline-deps';
import { createRefreshQueue } from './queue/refresh-queue';
import { createDocumentationOutbox, pushDocumentationEvent } from './queue/documentation-queue';
import { raiseNewestSequence, readDocumentationSettings } from './kvs/documentation-settings';
import { createSpecChannel } from './realtime/spec-channel';
import type { SpecSummary } from './shared/resolver-contract';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const clock = { now: () => Date.now() };

/** One invocation's gate in front of Confluence (docs/decisions.md §20), on the installation's KVS points ledger. */
export function createInvocationGovernor(purpose: CallPurpose, sharePerHour: number) {
  return createPointsGovernor({ ledger: createKvsPointsLedger(clock), clock, policy: { sharePerHour }, purpose, log: createLogger('points') });
}

/**
 * The engineering connection this site's invocations use: the one its admin saved, else the deployment's when
 * ENV_CONFIG_SITE_IDS names the site (or it is single-site); undefined: not connected (docs/decisions.md §26).
 */
export async function siteEngineeringConnection(config: AppConfig, cloudId: string | undefined): Promise<EngineeringConnection | undefined> {
  const { baseUrl, token } = config.engineering;
  return chooseConnection({
    site: await readSiteConnection(),
    ...(baseUrl !== undefined && token !== undefined ? { environment: { baseUrl, token } } : {}),
    scope: config.environmentScope,
    cloudId,
  });
}

/**
 * Wires the real adapters (Forge KVS, Confluence, engineering API, queue, realtime) behind the pipeline's ports.
 * `forViewer`: a user's page view triggered this invocation, so Confluence is read as that user (content-properties.ts).
 */
export function createDeps(config: AppConfig, invocation: { cloudId?: string; forViewer?: boolean; purpose?: CallPurpose } = {}) {
  const remainingTimeMs = () => getAppContext().invocationRemainingTimeInMillis();
  const points = createInvocationGovernor(invocation.purpose ?? (invocation.forViewer ? 'view' : 'push'), config.confluencePointsSharePerHour);
  const engineering = clientWhenConnected(async () => {
    const connection = await siteEngineeringConnection(config, invocation.cloudId);
    if (!connection) return undefined;
    return createEngineeringClient({
      baseUrl: connection.baseUrl,
      token: connection.token,
      ...(config.engineering.linkHosts ? { linkHosts: config.engineering.linkHosts } : {}),
      fetch: forgeFetch,
      remainingTimeMs,
    });
  });
  const snapshots = createConfluenceSnapshotStore({
    sleep,
    clock,
    trust: { cloudId: invocation.cloudId, signer: config.snapshotSigning },
    forViewer: invocation.forViewer === true,
    governor: points,
  });
  const pipeline: PipelineDeps = {
    store: createKvsSpecStore({ clock, maxStaleSeconds: config.cache.maxStaleSeconds }),
    whereUsed: createKvsWhereUsedIndex(),
    source: createSpecSource(engineering),
    snapshots,
    queue: createRefreshQueue(),
    live: createSpecChannel({ clock }),
    errors: createKvsEngineeringErrorLog(),
    clock,
    sleep,
    policy: { ...DEFAULT_POLICY, maxStaleSeconds: config.cache.maxStaleSeconds },
    remainingTimeMs,
    confluenceConcurrency: () => points.concurrency(),
    log: createLogger('pipeline'),
  };
  return {
    pipeline,
    /** Where the reconcile of page events hands each new page state (documentation notices to the engineering system). */
    documentationOutbox: createDocumentationOutbox({
      receiverConfigured: async () => (await readDocumentationSettings()) !== undefined,
      raiseNewestSequence,
      push: pushDocumentationEvent,
      // A live macro shows what the app's cache holds (its next view shows it): one KVS batch read, no Confluence call.
      shownRevisions: (entry) => cachedRevisions(pipeline.store, entry),
      clock,
      log: createLogger('documentation-notices'),
    }),
    /** Records the Confluence points this invocation spent (§20); call once its Confluence calls are done. */
    settle: () => points.settle(),
    /** Deletes a macro's snapshot property (admin action, page reconcile), through the same points governor. */
    removeSnapshot: (ref: MacroRef) => snapshots.remove(ref),
    /** Reads page bodies as the app (page events), through the same points governor. */
    pageReader: createConfluencePageReader({ governor: points }),
    /** Writes pages' search property (`specbridge_index`) as the app, through the same points governor. */
    searchIndex: createSearchIndexWriter({ sleep, governor: points }),
    /** The config panel's picker: ids and titles matching `query`. */
    async search(query: string, limit: number): Promise<{ ok: true; value: SpecSummary[] } | { ok: false; message: string }> {
      const result = await engineering.search(query, limit);
      if (result.ok) return { ok: true, value: result.value };
      pipeline.log.warn('engineering search failed', { kind: result.error.kind, detail: describeEngineeringError(result.error) });
      return { ok: false, message: readerMessage(result.error) };
    },
  };
}

/**
 * A page's entry in the where-used index with the revisions its live macros show (a documentation event queued by
 * reference); undefined when the index does not hold the page.
 */
export async function indexedPageState(config: AppConfig, pageId: string): Promise<{ entry: PageIndexEntry; shownRevisions: ShownRevisions } | undefined> {
  const entry = await createKvsPageIndex().read(pageId);
  if (!entry) return undefined;
  const store = createKvsSpecStore({ clock, maxStaleSeconds: config.cache.maxStaleSeconds });
  return { entry, shownRevisions: await cachedRevisions(store, entry) };
}

/** The revision the cache holds for each live (unpinned) spec of each macro on the page: localId → spec id → revision. */
async function cachedRevisions(store: Pick<SpecStore, 'readEntries'>, entry: PageIndexEntry): Promise<ShownRevisions> {
  const live = [...new Set(entry.macros.flatMap((macro) => macro.specIds.filter((id) => macro.pinnedRevisions[id] === undefined)))];
  const cached = live.length > 0 ? await store.readEntries(live) : new Map<string, CacheEntry>();
  const shown: ShownRevisions = {};
  for (const macro of entry.macros) {
    const revisions: Record<string, string> = {};
    for (const id of macro.specIds) {
      const revision = macro.pinnedRevisions[id] === undefined ? cached?.get(id)?.record?.revision : undefined;
      if (revision !== undefined) revisions[id] = revision;
    }
    if (Object.keys(revisions).length > 0) shown[macro.localId] = revisions;
  }
  return shown;
}
