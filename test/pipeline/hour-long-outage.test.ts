/**
 * An hour-long engineering outage on virtual time (about 80 simulated minutes run in well under a
 * second): the real engineering client against the sample engineering system in-process, the real
 * KVS cache, leases and breaker, page views every 30 s and a queue delivered as Forge would. The
 * oracle is the engineering system's own data and what the queue acknowledged, not the app's rules.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createEngineeringSystem, type EngineeringSystem } from '../../local/engineering';
import { FaultPlan } from '../../local/platform/faults';
import { openStore } from '../../local/platform/store';
import type { RefreshEvent } from '../../src/domain/ports';
import { createEngineeringClient } from '../../src/engineering/engineering-client';
import { createSpecSource } from '../../src/engineering/spec-source';
import { applyChange } from '../../src/pipeline/apply-change';
import { loadView } from '../../src/pipeline/load-view';
import type { PipelineDeps } from '../../src/pipeline/pipeline-deps';
import type { MacroSettings, MacroViewModel } from '../../src/shared/resolver-contract';
import { createPipelineRig, MemorySnapshots, type PipelineRig } from '../support/pipeline-rig';

const TOKEN = 'outage-test-token';
const BASE = 'http://127.0.0.1:9/eng/api/v1';
const MINUTE = 60_000;
const TTL_SECONDS = 300;
const OUTAGE_START = 5 * MINUTE;
const OUTAGE_END = 65 * MINUTE;
const NOTICE_AT = 30 * MINUTE;
const SCENARIO_END = 80 * MINUTE;
const TICK = 30_000;

const MACROS: { localId: string; specIds: string[] }[] = [
  { localId: 'out-1', specIds: ['SHAFT-1042', 'SHAFT-1043'] },
  { localId: 'out-2', specIds: ['SHAFT-1043', 'BOLT-2001', 'BOLT-2002'] },
  { localId: 'out-3', specIds: ['BOLT-2003'] },
];
const CHANGED = 'SHAFT-1043';

let rig: PipelineRig;
let engineering: EngineeringSystem;
const faults = new FaultPlan(11);
let engineeringRequests = 0;

beforeAll(async () => {
  rig = await createPipelineRig();
  engineering = createEngineeringSystem({ db: openStore(':memory:'), token: TOKEN, faults, clock: rig.time });
});

afterAll(() => rig.close());

/** One invocation with the real engineering client; `budgetMs` is what Forge gives it (25 s for a resolver, 120 s for the consumer). */
function invocation(budgetMs: number): PipelineDeps {
  const endsAt = rig.time.now() + budgetMs;
  const remainingTimeMs = () => endsAt - rig.time.now();
  const client = createEngineeringClient({
    baseUrl: BASE,
    token: TOKEN,
    remainingTimeMs,
    sleep: rig.time.sleep,
    now: () => rig.time.now(),
    random: () => 0.5,
    fetch: async (url, init) => {
      engineeringRequests += 1;
      return engineering.handle(new Request(url, { method: init.method, headers: init.headers }));
    },
  });
  return rig.invocation({ source: createSpecSource(client), remainingTimeMs });
}

function view(macro: (typeof MACROS)[number]): Promise<MacroViewModel> {
  const settings: MacroSettings = { specIds: macro.specIds, layout: 'table', columns: ['id', 'title', 'revision'], ttlSeconds: TTL_SECONDS };
  return loadView(invocation(25_000), { ref: { pageId: '400', localId: macro.localId }, settings, configProblems: [] });
}

const served = (id: string) => engineering.admin.getSpec(id)?.revision;

test('an hour-long outage: readers keep the last records with their true age, the engineering system is asked about once a cooldown, and a notice sent during it is applied after it', async () => {
  const start = rig.time.now();
  const at = () => rig.time.now() - start;
  const problems: string[] = [];
  const requestsBy = new Map<string, number>();
  const deliveriesBy = new Map<string, number>();
  let noticeAccepted = false;
  let down: (() => void) | undefined;
  let firstCurrentAfterOutage: number | undefined;
  const lastShown = new Map<string, string>();

  while (at() < SCENARIO_END) {
    const now = at();
    const phase = now < OUTAGE_START ? 'before' : now < OUTAGE_END ? 'outage' : 'after';
    if (phase === 'outage' && !down) down = faults.add({ service: 'engineering', operation: /^GET /, status: 503 });
    if (phase === 'after' && down) {
      down();
      down = undefined;
    }
    if (!noticeAccepted && now >= NOTICE_AT) {
      engineering.admin.updateSpec(CHANGED, { revision: 'Q' });
      const notice: RefreshEvent = { type: 'spec.updated', specIds: [CHANGED], receivedAt: rig.time.now(), revisions: { [CHANGED]: 'Q' } };
      await rig.queue.enqueue([notice]);
      noticeAccepted = true;
    }

    const before = engineeringRequests;
    for (const macro of MACROS) {
      const shown = await view(macro);
      for (const spec of shown.specs) {
        const revision = spec.record?.revision;
        if (!revision) problems.push(`${now / 1000}s ${macro.localId}:${spec.id} shown without a record (${spec.problem?.message})`);
        if (spec.fetchedAt && spec.ageSeconds !== Math.round((rig.time.now() - Date.parse(spec.fetchedAt)) / 1000)) problems.push(`${spec.id} age ${spec.ageSeconds}s does not match its fetch time`);
        if (phase === 'outage' && spec.state === 'fresh' && (spec.ageSeconds ?? 0) >= TTL_SECONDS) problems.push(`${spec.id} shown fresh at ${spec.ageSeconds}s old`);
        if (revision && lastShown.get(spec.id) === 'Q' && revision !== 'Q') problems.push(`${spec.id} went back from Q to ${revision}`);
        if (revision) lastShown.set(spec.id, revision);
      }
      const current = shown.specs.every((s) => s.state === 'fresh' && s.record?.revision === served(s.id));
      if (phase === 'after' && current && macro === MACROS[1] && firstCurrentAfterOutage === undefined) firstCurrentAfterOutage = now - OUTAGE_END;
    }
    const delivered = rig.queue.delivered;
    await rig.queue.deliverDue((event, attempt) => applyChange(invocation(120_000), event, attempt));
    deliveriesBy.set(phase, (deliveriesBy.get(phase) ?? 0) + rig.queue.delivered - delivered);
    requestsBy.set(phase, (requestsBy.get(phase) ?? 0) + engineeringRequests - before);
    await rig.time.advance(TICK);
  }

  expect(problems).toEqual([]);
  // Without a breaker, 3 macros every 30 s for 60 minutes would each retry 3 times: 1080 requests. With it, each
  // cooldown (60 s) lets one view ask (up to 3 attempts): about 3 × 60.
  const outageRequests = requestsBy.get('outage') ?? 0;
  expect(outageRequests).toBeGreaterThan(0);
  expect(outageRequests).toBeLessThanOrEqual(3 * (60 + rig.policy.breakerThreshold + 2));
  // Revalidations that meet the outage are abandoned (the next stale view queues another); redelivering them too made
  // 5,587 consumer invocations in this hour (measured), against 250 now.
  expect(deliveriesBy.get('outage') ?? 0).toBeLessThanOrEqual(5 * (OUTAGE_END - OUTAGE_START) / MINUTE);
  // The notice was neither dropped nor acknowledged during the outage: it waited, each wait at most 15 minutes.
  expect(rig.queue.pending).toEqual([]);
  expect(Math.max(...rig.queue.retryAfters)).toBeLessThanOrEqual(900);
  for (const macro of MACROS) {
    if (macro.specIds.includes(CHANGED)) expect(rig.snapshots.revisionShown({ pageId: '400', localId: macro.localId }, CHANGED)).toBe('Q');
  }
  expect(rig.snapshots.stored.has(MemorySnapshots.key({ pageId: '400', localId: 'out-3' }))).toBe(true);
  // Readers are current again within two cooldowns of the recovery.
  expect(firstCurrentAfterOutage).toBeDefined();
  expect(firstCurrentAfterOutage ?? Infinity).toBeLessThanOrEqual(2 * rig.policy.breakerCooldownSeconds * 1000 + TICK);
  console.info(JSON.stringify({ scenario: 'hour-long outage', engineeringRequests: Object.fromEntries(requestsBy), consumerInvocations: Object.fromEntries(deliveriesBy), redeliveries: rig.queue.retryAfters.length, maxRetryAfterSeconds: Math.max(...rig.queue.retryAfters), currentAfterRecoveryMs: firstCurrentAfterOutage }));
});
