import { MAX_BREAKER_OPEN_SECONDS, type SourceFailure, type SourceResult, type SpecSource } from '../domain/ports';
import type { EngineeringClient } from './engineering-client';
import { describeEngineeringError, type EngineeringError } from './errors';

/**
 * The pipeline's view of the engineering system. A single spec with a known ETag is read
 * conditionally (304 keeps the cached record); several specs go through the batch endpoint.
 */
export function createSpecSource(client: EngineeringClient & { prepare?: () => void }): SpecSource {
  return {
    ...(client.prepare ? { prepare: () => client.prepare?.() } : {}),
    async fetchSpecs(specIds, etags): Promise<SourceResult> {
      const [onlyId] = specIds;
      if (specIds.length === 1 && onlyId && etags.has(onlyId)) {
        const result = await client.getSpec(onlyId, { etag: etags.get(onlyId) });
        if (!result.ok) {
          if (result.error.kind === 'not_found') return { ok: true, found: new Map(), missing: [onlyId], invalid: new Map() };
          if (result.error.kind === 'invalid_response') return { ok: true, found: new Map(), missing: [], invalid: new Map([[onlyId, describeEngineeringError(result.error)]]) };
          return { ok: false, failure: toFailure(result.error) };
        }
        const value = result.value;
        const found = 'notModified' in value
          ? { notModified: true as const, etag: value.etag ?? undefined }
          : { record: value.record, etag: value.etag ?? undefined };
        return { ok: true, found: new Map([[onlyId, found]]), missing: [], invalid: new Map() };
      }
      const result = await client.getSpecs(specIds);
      if (!result.ok) return { ok: false, failure: toFailure(result.error) };
      return {
        ok: true,
        found: new Map([...result.value.found].map(([id, f]) => [id, { record: f.record, etag: f.etag ?? undefined }])),
        missing: result.value.missing,
        invalid: new Map([...result.value.invalid].map(([id, error]) => [id, describeEngineeringError(error)])),
      };
    },
    async fetchRevision(specId, revision) {
      const result = await client.getRevision(specId, revision);
      if (result.ok) return { kind: 'found', record: result.value };
      return result.error.kind === 'not_found' ? { kind: 'not_found' } : { kind: 'failed', message: describeEngineeringError(result.error) };
    },
  };
}

/** Maps a client failure to the pipeline's closed set. */
export function toFailure(error: EngineeringError): SourceFailure {
  const message = describeEngineeringError(error);
  switch (error.kind) {
    case 'unauthorized':
      return { kind: 'unauthorized', message };
    case 'not_connected':
      return { kind: 'not_connected', message };
    case 'rate_limited':
      // An upstream's Retry-After is advice, capped: `Retry-After: 999999999` must not park the app (or a queued notice) for decades.
      return { kind: 'rate_limited', message, retryAfterSeconds: Math.min(error.retryAfterSeconds, MAX_BREAKER_OPEN_SECONDS) };
    case 'timeout':
      return { kind: 'timeout', message };
    case 'invalid_response':
      return { kind: 'invalid_response', message };
    case 'not_found':
    case 'unavailable':
      return { kind: 'unavailable', message };
  }
}
