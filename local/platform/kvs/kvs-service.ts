import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../clock';
import type { Counters } from '../counters';
import { failedKeyStatus, sleep, type FaultPlan } from '../faults';
import { jsonResponse, type PlatformService, type ServiceRequest } from '../service';
import { batchDeleteHandler, batchGetHandler, batchSetHandler } from './kvs-batch';
import { badRequest, ENTITY_NOT_EMULATED, errorResponse, faultError } from './kvs-errors';
import type { KvsHandler } from './kvs-handler';
import { KVS_LIMITS } from './kvs-limits';
import { queryHandler } from './kvs-query';
import { deleteHandler, getHandler, setHandler } from './kvs-single';
import { KvsStore } from './kvs-store';
import { transactionHandler } from './kvs-transaction';

/** Dependencies of the emulated KVS. */
export interface KvsServiceOptions {
  db: DatabaseSync;
  clock: Clock;
  faults?: FaultPlan;
  counters?: Counters;
  /**
   * Keep expired items visible until they are overwritten or deleted, as Forge KVS may for up to
   * 48 h ("read operations may still return expired results"). Off by default: expiry is exact.
   */
  lazyExpiry?: boolean;
}

/** Operation names, i.e. the path after `/api/v1/`; also the fault-rule operation and counter suffix. */
export type KvsOperation =
  | 'get' | 'set' | 'delete' | 'query'
  | 'batch/get' | 'batch/set' | 'batch/delete' | 'transaction'
  | 'secret/get' | 'secret/set' | 'secret/delete'
  | 'entity/get' | 'entity/set' | 'entity/delete' | 'entity/query';

const entityNotEmulated: KvsHandler = () => ({ ok: false, error: ENTITY_NOT_EMULATED });

const ROUTES: Record<KvsOperation, KvsHandler> = {
  get: getHandler('kvs'),
  set: setHandler('kvs', KVS_LIMITS.maxValueBytes),
  delete: deleteHandler('kvs'),
  query: queryHandler,
  'batch/get': batchGetHandler,
  'batch/set': batchSetHandler,
  'batch/delete': batchDeleteHandler,
  transaction: transactionHandler,
  'secret/get': getHandler('secret'),
  'secret/set': setHandler('secret', KVS_LIMITS.maxSecretValueBytes),
  'secret/delete': deleteHandler('secret'),
  'entity/get': entityNotEmulated,
  'entity/set': entityNotEmulated,
  'entity/delete': entityNotEmulated,
  'entity/query': entityNotEmulated,
};

/**
 * The emulated Forge KVS: answers what `@forge/kvs` sends through
 * `__forge_fetch__({type:'kvs', provider:'app', remote:'kvs'}, '/api/v1/<operation>', {method:'POST', body})`.
 * State lives in SQLite tables prefixed `kvs_`; time comes from `clock` (TTL expiry).
 */
export function createKvsService({ db, clock, faults, counters, lazyExpiry = false }: KvsServiceOptions): PlatformService {
  const store = new KvsStore(db, lazyExpiry);
  let requests = 0;

  async function handle(request: ServiceRequest): Promise<Response> {
    const traceId = request.headers.get('x-b3-traceid') ?? `kvs-${++requests}`;
    const headers = { 'x-trace-id': traceId };
    const operation = operationOf(request.path);
    if (!operation) return errorResponse({ status: 404, code: 'NOT_FOUND', message: `No KVS route ${request.path}` }, headers);
    counters?.increment(`kvs.${operation}`);

    const fault = faults?.decide('kvs', operation);
    await sleep(fault?.latencyMs ?? 0);
    if (fault?.status !== undefined) {
      const faultHeaders: Record<string, string> = { ...headers };
      if (fault.retryAfterSeconds !== undefined) faultHeaders['retry-after'] = String(fault.retryAfterSeconds);
      return errorResponse(faultError(fault.status, operation), faultHeaders);
    }
    if (request.method.toUpperCase() !== 'POST') {
      return errorResponse({ status: 405, code: 'METHOD_NOT_ALLOWED', message: 'KVS operations must be POST' }, headers);
    }

    const body = parseJson(request.body);
    if (body === undefined) return errorResponse(badRequest().error, headers);
    const now = clock.now();
    store.purgeExpired(now);
    const failKey = (key: string) => {
      const status = failedKeyStatus(fault, key);
      return status === undefined ? undefined : faultError(status, operation);
    };
    const result = ROUTES[operation](body.value, { store, now, rawBody: request.body, failKey });
    if (!result.ok) return errorResponse(result.error, headers);
    return result.value.status === 200 ? jsonResponse(200, result.value.body, headers) : jsonResponse(204, null, headers);
  }

  return { handle };
}

function operationOf(path: string): KvsOperation | undefined {
  const pathname = path.split('?')[0] ?? '';
  const prefix = '/api/v1/';
  if (!pathname.startsWith(prefix)) return undefined;
  const operation = pathname.slice(prefix.length);
  return Object.hasOwn(ROUTES, operation) ? (operation as KvsOperation) : undefined;
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
