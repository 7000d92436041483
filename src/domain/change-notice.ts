/**
 * Change notices the engineering system pushes to the web trigger (docs/change-notices.md), and the
 * refresh events they become on the queue.
 */
import { z } from 'zod';
import { AppError } from '../errors';
import type { RefreshEvent } from './ports';
import { SPEC_ID_PATTERN } from '../shared/spec-record';

/** What happened to the listed specs. */
export type ChangeNoticeType = 'spec.updated' | 'spec.deleted';

/** Most spec ids one notice may carry. */
export const MAX_SPECS_PER_NOTICE = 1000;

const NOTICE_TYPES = ['spec.updated', 'spec.deleted'] as const;

/** The notice body: a Standard Webhooks style `{type, timestamp, data}` envelope; unknown fields are kept and ignored. */
export const ChangeNotice = z.looseObject(
  {
    type: z.enum(NOTICE_TYPES, { error: 'must be "spec.updated" or "spec.deleted"' }),
    timestamp: z.iso.datetime({
      offset: true,
      error: 'must be an ISO 8601 date-time with Z or an offset, e.g. 2025-10-09T08:53:20Z',
    }),
    data: z.looseObject(
      {
        specIds: z
          .array(
            z
              .string({ error: 'must be a spec id string' })
              .regex(SPEC_ID_PATTERN, { error: (issue) => `${quote(issue.input)} is not a spec id (${ID_HINT})` }),
            { error: 'must be an array of spec ids' },
          )
          .min(1, { error: `must list 1 to ${MAX_SPECS_PER_NOTICE} spec ids` })
          .max(MAX_SPECS_PER_NOTICE, { error: `must list 1 to ${MAX_SPECS_PER_NOTICE} spec ids` }),
        /**
         * Optional revision hints, `{ "SHAFT-1042": "D" }`: the revision each spec has after the change. A
         * re-read that still sees another revision (a replica not caught up) is retried, bounded.
         */
        revisions: z
          .record(
            z.string().regex(SPEC_ID_PATTERN, { error: (issue) => `${quote(issue.input)} is not a spec id (${ID_HINT})` }),
            z.string({ error: 'must be a revision string' }).min(1, { error: 'must be a revision of 1 to 50 characters' }).max(50, { error: 'must be a revision of 1 to 50 characters' }),
            { error: 'must be an object of spec id → revision' },
          )
          .optional(),
      },
      { error: 'must be an object with specIds' },
    ).refine((data) => Object.keys(data.revisions ?? {}).every((id) => data.specIds.includes(id)), {
      error: 'revisions may only name spec ids listed in specIds',
      path: ['revisions'],
    }),
  },
  { error: 'the notice must be a JSON object' },
);

/** A validated change notice; `data.specIds` is de-duplicated in first-seen order. */
export type ChangeNotice = z.infer<typeof ChangeNotice>;

/** Why a notice body was refused; `field` is the path of the first bad value, e.g. `data.specIds[3]`. */
export interface ChangeNoticeError {
  code: 'malformed_json' | 'invalid_notice';
  message: string;
  field?: string;
}

/** Outcome of {@link parseChangeNotice}. */
export type ChangeNoticeParse =
  | { ok: true; value: ChangeNotice }
  | { ok: false; status: 400; error: ChangeNoticeError };

const ID_HINT = `expected ${SPEC_ID_PATTERN.source}, e.g. SHAFT-1042`;

/** Parses and validates a raw notice body (the exact string that was signed). */
export function parseChangeNotice(rawBody: string): ChangeNoticeParse {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, status: 400, error: { code: 'malformed_json', message: 'The body is not valid JSON.' } };
  }
  const parsed = ChangeNotice.safeParse(json);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const field = formatPath(first?.path ?? []);
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : '';
    const message = `${field || 'body'}: ${first?.message ?? 'invalid'}${more}`;
    return { ok: false, status: 400, error: { code: 'invalid_notice', message, ...(field ? { field } : {}) } };
  }
  const value = parsed.data;
  return { ok: true, value: { ...value, data: { ...value.data, specIds: [...new Set(value.data.specIds)] } } };
}

/** Formats a schema issue path the way a JSON author reads it: `data.specIds[3]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

function quote(input: unknown): string {
  const text = String(input);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Spec ids per refresh event: one engineering batch read (`GET /specs?ids=`, at most 50 ids). */
export const SPEC_IDS_PER_EVENT = 50;

/**
 * Splits a validated notice into refresh events (ports.ts) of at most {@link SPEC_IDS_PER_EVENT} ids each,
 * carrying the notice's `webhook-id` as `noticeId` and its body `timestamp` as `noticeTimestamp`.
 */
export function toRefreshEvents(
  notice: ChangeNotice,
  noticeId: string,
  idsPerEvent = SPEC_IDS_PER_EVENT,
): RefreshEvent[] {
  const events: RefreshEvent[] = [];
  const ids = notice.data.specIds;
  for (let start = 0; start < ids.length; start += idsPerEvent) {
    const specIds = ids.slice(start, start + idsPerEvent);
    const hints = Object.entries(notice.data.revisions ?? {}).filter(([id]) => specIds.includes(id));
    events.push({
      type: notice.type,
      specIds,
      noticeId,
      noticeTimestamp: notice.timestamp,
      ...(hints.length > 0 ? { revisions: Object.fromEntries(hints) } : {}),
    });
  }
  return events;
}

/** Client-side limits @forge/events checks before `Queue.push` sends anything. */
export interface QueuePushLimits {
  maxEvents: number;
  /** Bytes of `JSON.stringify([{ body: event }, …])` (Forge refuses more than 200 KB). */
  maxBytes: number;
}

/** @forge/events 3.x: ≤ 50 events and ≤ 200 KB per push. */
export const QUEUE_PUSH_LIMITS: QueuePushLimits = { maxEvents: 50, maxBytes: 200 * 1024 };

/**
 * Splits events into pushes that each pass @forge/events' checks; sizes are measured as the
 * `{ body: event }` items Queue.push serialises, so keep headroom in `maxBytes` if items carry more.
 * Throws AppError('internal') when one event alone is too big: a bug in how events are built.
 */
export function chunkForQueue<T>(events: readonly T[], limits: QueuePushLimits = QUEUE_PUSH_LIMITS): T[][] {
  const encoder = new TextEncoder();
  const pushes: T[][] = [];
  let current: T[] = [];
  let currentBytes = 2; // "[" and "]"
  for (const event of events) {
    const bytes = encoder.encode(JSON.stringify({ body: event })).length;
    if (bytes + 2 > limits.maxBytes) {
      throw new AppError('internal', `One queue event is ${bytes} bytes; a push allows ${limits.maxBytes}.`);
    }
    const added = bytes + (current.length > 0 ? 1 : 0); // a comma between items
    if (current.length >= limits.maxEvents || currentBytes + added > limits.maxBytes) {
      pushes.push(current);
      current = [];
      currentBytes = 2;
    }
    currentBytes += bytes + (current.length > 0 ? 1 : 0);
    current.push(event);
  }
  if (current.length > 0) pushes.push(current);
  return pushes;
}
