import { z } from 'zod';

/** A content property as Confluence REST v2 returns it (only the fields Spec Bridge uses). */
export const ContentProperty = z.object({
  id: z.string(),
  key: z.string(),
  value: z.unknown(),
  version: z.object({ number: z.number().int() }),
});
export type ContentProperty = z.infer<typeof ContentProperty>;

export const ContentPropertyList = z.object({ results: z.array(ContentProperty) });

/** The stored snapshot, checked loosely: anything else under our key is ignored, not trusted. */
export const StoredSnapshot = z.looseObject({
  schemaVersion: z.literal(1),
  pageId: z.string(),
  localId: z.string(),
  layout: z.enum(['card', 'table', 'parameters']),
  columns: z.array(z.string()),
  specs: z.array(z.looseObject({ id: z.string() })),
  writtenAt: z.string(),
  contentHash: z.string(),
  truncated: z.boolean(),
});

export const PageWithBody = z.looseObject({
  id: z.string(),
  body: z.looseObject({ atlas_doc_format: z.looseObject({ value: z.string() }).optional(), storage: z.looseObject({ value: z.string() }).optional() }).optional(),
});
