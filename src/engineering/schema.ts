/**
 * Zod schemas for the engineering API responses (docs/engineering-api.openapi.yaml). They declare only the fields Spec
 * Bridge uses, strip unknown keys, reject wrong types, and cap lengths so one hostile record cannot bloat the cache.
 */
import { z } from 'zod';
import type * as Domain from '../shared/spec-record';
import { SPEC_ID_PATTERN } from '../shared/spec-record';
import { unsafeLinkReason } from '../shared/format-parameter';

const MAX_TEXT = 500;
const MAX_PARAMETERS = 500;

/**
 * Most UTF-8 bytes one record may take as JSON. The field caps alone allow ~470 KB (500 parameters of long multibyte
 * names and units), over Forge KVS's 240 KiB value limit. 64 KiB keeps every stored value well under it: a cache
 * entry adds at most ~1 KiB (etag ≤ 256 characters, a fixed-sentence lastError, times), and a stored revision is the
 * bare record. It is twice the 32 KB content-property snapshot on purpose: the snapshot trims parameters, then whole
 * records, to fit, so a large record still shows in full from the cache and loses detail only in the page's copy.
 */
export const MAX_RECORD_BYTES = 64 * 1024;

/** A spec id as the contract defines it (`SHAFT-1042`). */
export const SpecId = z.string().regex(SPEC_ID_PATTERN, 'expected a spec id like SHAFT-1042');

/** How far a value may deviate from nominal. */
export const Tolerance = z.discriminatedUnion('type', [
  z.object({ type: z.literal('symmetric'), value: z.number() }),
  z.object({ type: z.literal('deviation'), upper: z.number(), lower: z.number() }),
  z
    .object({ type: z.literal('limits'), min: z.number().optional(), max: z.number().optional() })
    .refine((t) => t.min !== undefined || t.max !== undefined, 'limits need a min, a max or both'),
]);

/** One engineering parameter of a specification. */
export const SpecParameter = z.object({
  name: z.string().min(1).max(200),
  nominal: z.number().nullable(),
  unit: z.string().max(50),
  tolerance: Tolerance.optional(),
  actual: z.number().optional(),
});

/** Lifecycle status; the same list as the domain's LIFECYCLE_STATUSES. */
export const LifecycleStatus = z.enum(['draft', 'in_review', 'released', 'obsolete']);

/**
 * zod's `z.regexes.hostname`, spelled out. Forge's bundler (webpack) compiles `z.regexes.hostname` to
 * zod's `hostname()` schema function instead of this regex, and every record then fails with
 * "url: Invalid URL" — seen only in the Forge-built bundle, by the integration tests.
 */
const HOSTNAME = /^(?=.{1,253}\.?$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[-0-9a-zA-Z]{0,61}[0-9a-zA-Z])?)*\.?$/;

/** A specification record as served by GET /specs/{id}. */
export const SpecRecord = z.object({
  id: SpecId,
  title: z.string().max(MAX_TEXT),
  revision: z.string().min(1).max(50),
  status: LifecycleStatus,
  owner: z.string().max(200),
  updatedAt: z.iso.datetime({ offset: true }),
  url: z
    .url({ protocol: /^https?$/, hostname: HOSTNAME })
    .max(2048)
    .superRefine((url, ctx) => {
      const reason = unsafeLinkReason(url);
      if (reason) ctx.addIssue({ code: 'custom', message: `the link ${reason}` });
    }),
  parameters: z.array(SpecParameter).max(MAX_PARAMETERS),
});

/** An opaque strong ETag as the server sent it, quotes included. */
export const Etag = z.string().min(1).max(256);

/**
 * GET /specs?ids=… envelope; each item is `{ record: SpecRecord, etag }`. Items stay `unknown` here so that one
 * malformed record is validated (and rejected) on its own instead of failing the whole batch (see read-batch.ts).
 */
export const BatchResponse = z.object({
  items: z.array(z.unknown()).max(1000),
  missing: z.array(z.string().max(64)).max(1000),
});

/** One search hit. */
export const SearchHit = z.object({
  id: SpecId,
  title: z.string().max(MAX_TEXT),
  revision: z.string().max(50),
  status: LifecycleStatus,
});

/** GET /search response. */
export const SearchResponse = z.object({
  items: z.array(SearchHit).max(100),
});

/** The error body every non-2xx response carries (when the server follows the contract). */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().max(100),
    message: z.string().max(2000),
  }),
});

/** A search hit as the client returns it. */
export type SearchHit = z.infer<typeof SearchHit>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Compile-time guard: the schemas and the domain types must describe the same shapes.
const schemaMatchesDomain: [
  Same<z.infer<typeof SpecRecord>, Domain.SpecRecord>,
  Same<z.infer<typeof Tolerance>, Domain.Tolerance>,
  Same<z.infer<typeof LifecycleStatus>, Domain.LifecycleStatus>,
] = [true, true, true];
void schemaMatchesDomain;
