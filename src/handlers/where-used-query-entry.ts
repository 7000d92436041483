import { readEnvironmentScope, readPointsSharePerHour, readQuerySecrets, readSnapshotSigningKey, DEFAULT_POINTS_SHARE_PER_HOUR } from '../config';
import { createQuerySnapshotReader } from '../confluence/query-snapshots';
import { createInvocationGovernor } from '../deps';
import { environmentAppliesTo } from '../domain/engineering-connection';
import { errorDetail } from '../domain/error-detail';
import type { MacroRecord } from '../domain/ports';
import { acceptedSecrets } from '../domain/webhook-secret-set';
import { ConfigError } from '../errors';
import { KEYS } from '../kvs/keys';
import { createKvsPageIndex } from '../kvs/page-index';
import { readSharingSettings, readWebhookSecretSet } from '../kvs/site-settings';
import { listKeys } from '../kvs/spec-store';
import { createKvsWhereUsedIndex } from '../kvs/where-used';
import { createLogger } from '../log';
import { macroOnPage, pagesShowingSpec, type WhereUsedAnswerDeps } from '../pipeline/where-used-answers';
import { LICENSE_LAPSED, licenseLapsed } from '../shared/license';
import type { WebTriggerRequest, WebTriggerResponse } from './change-notice';
import { cloudIdFrom } from './macro-context';
import { handleWhereUsedQuery, queryError, queryNotConfigured } from './where-used-query';

const log = createLogger('where-used-query');

/** Confluence reads one answer runs at once (Atlassian asks for 5–10; fewer near the points limit). */
const MAX_CONCURRENT_READS = 8;

/**
 * The where-used query web trigger (manifest: `handler: index.whereUsedQuery`; docs/where-used-queries.md): verify
 * with the site's query secrets, answer from the where-used index, the page index and verified snapshots read as the app.
 */
export async function whereUsedQuery(request: WebTriggerRequest, context?: unknown): Promise<WebTriggerResponse> {
  if (licenseLapsed(context)) return queryError(403, 'not_licensed', LICENSE_LAPSED);
  const cloudId = cloudIdFrom(context);
  const secrets = await querySecrets(cloudId).catch((error: unknown) => {
    log.warn("the site's query secrets could not be read; the caller is asked to retry", errorDetail(error));
    return undefined;
  });
  if (secrets === undefined) return queryError(503, 'unavailable', 'The answer could not be read now; retry later.', { 'Retry-After': ['30'] });
  if (secrets.length === 0) {
    log.error('configuration problem: where-used queries are refused until the site has a query secret', { problem: 'no query secret on the admin page, and QUERY_SECRET does not apply to this site' });
    return queryNotConfigured();
  }
  const governor = createInvocationGovernor('view', pointsShare());
  const readSnapshot = createQuerySnapshotReader({ trust: { cloudId, signer: signingKeyOrNone() }, governor });
  // Built only once a query verified: an unsigned request costs no KVS or Confluence call beyond the secrets.
  const answerDeps = async (): Promise<WhereUsedAnswerDeps> => ({
    whereUsed: createKvsWhereUsedIndex(),
    pageIndex: createKvsPageIndex(),
    async rememberedMacros(pageId) {
      const rows = await listKeys<MacroRecord>(`${KEYS.macroPrefix()}${pageId}:`);
      return rows.map((row) => row.value.ref).filter((ref) => ref?.pageId === pageId);
    },
    readSnapshot,
    sharing: readSharingSettings,
    siteUrl: siteUrlFrom(context),
    nowMs: () => Date.now(),
    concurrency: Math.min(MAX_CONCURRENT_READS, await governor.concurrency()),
    log,
  });
  try {
    return await handleWhereUsedQuery(request, {
      secrets,
      nowSeconds: () => Math.floor(Date.now() / 1000),
      answer: async (query) => {
        const deps = await answerDeps();
        return query.query === 'pagesShowingSpec' ? pagesShowingSpec(deps, query) : macroOnPage(deps, query);
      },
      log,
    });
  } finally {
    await governor.settle();
  }
}

/** The site's query secrets (current first), then the deployment's QUERY_SECRET when ENV_CONFIG_SITE_IDS names the site. */
async function querySecrets(cloudId: string | undefined): Promise<string[]> {
  const site = acceptedSecrets(await readWebhookSecretSet(), 'query', Date.now());
  return [...site, ...environmentQuerySecrets(cloudId)];
}

function environmentQuerySecrets(cloudId: string | undefined): string[] {
  try {
    return environmentAppliesTo(readEnvironmentScope(), cloudId) ? readQuerySecrets() : [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error("configuration problem: the deployment's QUERY_SECRET is refused", { problem: error.message });
    return [];
  }
}

/** The site's base URL when the invocation context names one (`siteUrl`); pages are then answered with links. */
function siteUrlFrom(context: unknown): string | undefined {
  const siteUrl = typeof context === 'object' && context !== null ? (context as { siteUrl?: unknown }).siteUrl : undefined;
  return typeof siteUrl === 'string' && /^https?:\/\/[^\s/?#]+$/.test(siteUrl.replace(/\/+$/, '')) ? siteUrl : undefined;
}

function pointsShare(): number {
  try {
    return readPointsSharePerHour();
  } catch (error) {
    log.error('configuration problem: CONFLUENCE_POINTS_SHARE_PER_HOUR is unusable; queries use the default share', errorDetail(error));
    return DEFAULT_POINTS_SHARE_PER_HOUR;
  }
}

function signingKeyOrNone() {
  try {
    return readSnapshotSigningKey();
  } catch (error) {
    log.error('configuration problem: SNAPSHOT_SIGNING_KEY is unusable, so no snapshot counts as verified', errorDetail(error));
    return undefined;
  }
}
