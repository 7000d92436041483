import { z } from 'zod';
import { SpecId, SpecRecord } from '../engineering/schema';
import { MAX_PARAMETER_COLUMNS, MAX_PARAMETER_NAME_LENGTH } from '../shared/parameter-names';

/** A content property as Confluence REST v2 returns it (only the fields Spec Bridge uses). */
export const ContentProperty = z.object({
  id: z.string(),
  key: z.string(),
  value: z.unknown(),
  version: z.object({ number: z.number().int() }),
});
export type ContentProperty = z.infer<typeof ContentProperty>;

export const ContentPropertyList = z.object({ results: z.array(ContentProperty) });

/**
 * The envelope of a stored snapshot (src/domain/snapshot.ts), checked in full: the property is written by
 * the app, but any page editor or app can overwrite it, so nothing in it is trusted for its shape. Spec
 * entries are checked one by one (SnapshotSpec) so one bad entry costs only that spec's saved data.
 */
export const StoredSnapshotEnvelope = z.object({
  schemaVersion: z.literal(1),
  pageId: z.string().min(1).max(64),
  localId: z.string().min(1).max(128),
  layout: z.enum(['card', 'table', 'parameters']),
  columns: z.array(z.enum(['id', 'title', 'revision', 'status', 'owner', 'updatedAt', 'parameters'])).max(20),
  parameterColumns: z.array(z.string().min(1).max(MAX_PARAMETER_NAME_LENGTH)).max(MAX_PARAMETER_COLUMNS).optional(),
  pinnedRevision: z.string().min(1).max(50).optional(),
  specs: z.array(z.unknown()).max(100),
  writtenAt: z.iso.datetime({ offset: true }),
  contentHash: z.string().max(128),
  truncated: z.boolean(),
  trimmedSpecIds: z.array(z.string().max(64)).max(100).optional(),
  sequence: z.number().int().min(0).optional(),
  signature: z.object({ keyId: z.string().max(64), sig: z.string().max(256) }).optional(),
});

/** One spec of a stored snapshot: the record is the engineering API's full record schema, for the same spec. */
export const StoredSnapshotSpec = z
  .object({
    id: SpecId,
    record: SpecRecord.optional(),
    fetchedAt: z.iso.datetime({ offset: true }).optional(),
    problem: z
      .object({
        code: z.enum(['not_found', 'withdrawn', 'invalid_id', 'invalid_record', 'unavailable', 'unauthorized', 'rate_limited', 'not_allowed']),
        message: z.string().max(2000),
      })
      .optional(),
    withdrawn: z.boolean().optional(),
    pinned: z
      .object({
        revision: z.string().min(1).max(50),
        latestRevision: z.string().min(1).max(50),
        availability: z.enum(['shown', 'not_found', 'unreadable']),
      })
      .optional(),
  })
  .refine((spec) => spec.record === undefined || spec.record.id === spec.id, 'record of another spec');

export const PageWithBody = z.looseObject({
  id: z.string(),
  body: z.looseObject({ atlas_doc_format: z.looseObject({ value: z.string() }).optional(), storage: z.looseObject({ value: z.string() }).optional() }).optional(),
});
