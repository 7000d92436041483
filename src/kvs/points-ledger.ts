import { randomBytes } from 'node:crypto';
import { kvs } from '@forge/kvs';
import type { PointsState } from '../domain/points-budget';
import type { PointsLedger } from '../domain/ports';
import { KEYS } from './keys';
import { batchRead, withKvsRetry } from './kvs-calls';

/** Shards of the hourly count: an invocation adds to one at random, so two seldom write the same key at once. */
const SHARDS = 4;
/** An hour's count is read during that hour only; it outlives it a little for clocks that disagree. */
const SPENT_TTL_SECONDS = 2 * 3_600;
/** Writes one addition may take to carry what it overwrote (each retry follows a writer that overwrote this one). */
const WRITE_ATTEMPTS = 16;

/**
 * One shard: what each invocation (a random token) spent. KVS has no atomic increment, so a shard is a union, not a
 * number: a writer that overwrote other invocations' entries (`returnValue: 'PREVIOUS'` shows them) writes them back,
 * so concurrent additions are not lost. The entries are bounded by the points spent, so by the share.
 */
interface SpentShard {
  c: Record<string, number>;
}
type SignalValue = Pick<PointsState, 'pausedUntilMs' | 'nearUntilMs'>;

export function createKvsPointsLedger(clock: { now(): number }): PointsLedger {
  /** What each shard held when last read or written. */
  const seen = new Map<string, Record<string, number>>();
  /** This invocation's entry in the shards. */
  const token = randomBytes(6).toString('base64url');
  /** What this invocation spent per hour so far (its entry's value). */
  const mine = new Map<number, number>();

  return {
    async read(hourStartMs) {
      const keys = Array.from({ length: SHARDS }, (_, shard) => KEYS.pointsSpent(hourStartMs, shard));
      const values = await batchRead<SpentShard | SignalValue>([...keys, KEYS.pointsSignal()]);
      let spent = 0;
      for (const key of keys) {
        const entries = entriesOf(values.get(key));
        seen.set(key, entries);
        spent += Object.values(entries).reduce((sum, points) => sum + points, 0);
      }
      const signal = (values.get(KEYS.pointsSignal()) ?? {}) as SignalValue;
      return {
        hourStartMs,
        spent,
        ...(validTime(signal.pausedUntilMs) ? { pausedUntilMs: signal.pausedUntilMs } : {}),
        ...(validTime(signal.nearUntilMs) ? { nearUntilMs: signal.nearUntilMs } : {}),
      };
    },

    async add(hourStartMs, points) {
      if (!(points > 0)) return;
      const total = (mine.get(hourStartMs) ?? 0) + points;
      mine.set(hourStartMs, total);
      const key = KEYS.pointsSpent(hourStartMs, Math.floor(Math.random() * SHARDS));
      let value: SpentShard = { c: { ...seen.get(key), [token]: total } };
      for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt += 1) {
        const previous = await withKvsRetry(() =>
          kvs.set<SpentShard>(key, value, { ttl: { value: SPENT_TTL_SECONDS, unit: 'SECONDS' }, keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' }),
        );
        seen.set(key, value.c);
        const overwritten = entriesOf(previous?.value);
        if (Object.entries(overwritten).every(([who, spent]) => (value.c[who] ?? 0) >= spent)) return;
        value = { c: unionOf(value.c, overwritten) };
      }
    },

    async signal(update) {
      const key = KEYS.pointsSignal();
      let value: SignalValue = { ...update };
      for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt += 1) {
        const until = Math.max(value.pausedUntilMs ?? 0, value.nearUntilMs ?? 0);
        const ttl = Math.max(60, Math.ceil((until - clock.now()) / 1000) + 60);
        const previous = await withKvsRetry(() => kvs.set<SignalValue>(key, value, { ttl: { value: ttl, unit: 'SECONDS' }, keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' }),
        );
        const merged = laterOf(value, previous?.value);
        if (merged.pausedUntilMs === value.pausedUntilMs && merged.nearUntilMs === value.nearUntilMs) return;
        value = merged;
      }
    },
  };
}

function entriesOf(value: unknown): Record<string, number> {
  const entries = (value as SpentShard | undefined)?.c;
  if (typeof entries !== 'object' || entries === null) return {};
  return Object.fromEntries(Object.entries(entries).filter(([, points]) => typeof points === 'number' && Number.isFinite(points) && points > 0));
}

/** Every entry of both, each at the larger value (an invocation's entry only grows). */
function unionOf(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const union = { ...a };
  for (const [who, points] of Object.entries(b)) union[who] = Math.max(union[who] ?? 0, points);
  return union;
}

function validTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function laterOf(a: SignalValue, b: SignalValue | undefined): SignalValue {
  const paused = Math.max(a.pausedUntilMs ?? 0, validTime(b?.pausedUntilMs) ? b.pausedUntilMs : 0);
  const near = Math.max(a.nearUntilMs ?? 0, validTime(b?.nearUntilMs) ? b.nearUntilMs : 0);
  return { ...(paused > 0 ? { pausedUntilMs: paused } : {}), ...(near > 0 ? { nearUntilMs: near } : {}) };
}
