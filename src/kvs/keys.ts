import { createHash } from 'node:crypto';
import type { MacroRef } from '../domain/ports';

/** Larger than any epoch-millisecond time until the year 2286, and 13 digits long. */
const NEWEST_FIRST_BASE = 9_999_999_999_999;

/**
 * Every KVS key Spec Bridge writes, in one place. Keys use only characters Forge KVS allows
 * (`[a-zA-Z0-9:._\s-#]`); spec ids, page ids and localIds fit that pattern.
 */
export const KEYS = {
  spec: (specId: string) => `spec:${specId}`,
  revision: (specId: string, revision: string) => `spec-rev:${specId}:${revision}`,
  macro: (ref: MacroRef) => `macro:${ref.pageId}:${ref.localId}`,
  macroPrefix: () => 'macro:',
  whereUsedPrefix: (specId: string) => `where-used:${specId}:`,
  whereUsed: (specId: string, ref: MacroRef) => `where-used:${specId}:${ref.pageId}:${ref.localId}`,
  macroPagePrefix: (pageId: string) => `macro:${pageId}:`,
  /** The page index (docs/decisions.md §35): one header per page, its macros past the first chunk in generation-named chunks. */
  pageIndex: (pageId: string) => `page-index:${pageId}`,
  pageIndexChunk: (pageId: string, generation: number, chunk: number) => `page-index-chunk:${pageId}:${generation}:${chunk}`,
  /** A page a view marked when it recorded a macro new to it (its next page event reads the body). */
  pageCandidate: (pageId: string) => `page-candidate:${pageId}`,
  /** An event for the page arrived while another invocation reconciled it. */
  pageDirty: (pageId: string) => `page-dirty:${pageId}`,
  breaker: () => 'breaker:engineering',
  /** One key per counted failure (slot 1..threshold), created with FAIL_IF_EXISTS. */
  breakerFailure: (slot: number) => `breaker:engineering:failure:${slot}`,
  lease: (name: string) => `lease:${name}`,
  /**
   * A webhook-id may hold any character and any length; its SHA-256 keeps distinct ids distinct
   * (`evt/1`, `evt+1`) within the key alphabet and 73 characters, whatever the id.
   */
  delivery: (webhookId: string) => `delivery:${createHash('sha256').update(webhookId, 'utf8').digest('hex')}`,
  realtimeToken: () => 'realtime-token:subscribe',
  realtimePublishToken: () => 'realtime-token:publish',
  /** Points spent in the hour starting at `hourStartMs`, counted in a few shards so concurrent writers seldom meet. */
  pointsSpent: (hourStartMs: number, shard: number) => `points:spent:${hourStartMs}:${shard}`,
  pointsSignal: () => 'points:signal',
  /** The site's engineering connection without its token (admin page). */
  siteConnection: () => 'site:connection',
  /** Secret keys (kvs.setSecret: encrypted, never queried): the engineering token, and the site's webhook secrets. */
  siteTokenSecret: () => 'site:connection-token',
  siteWebhookSecrets: () => 'site:webhook-secrets',
  /**
   * Newest-first logs (admin page): the prefix, then the time inverted and zero-padded so that key order (the only
   * order a KVS query has) is newest first, then a random suffix so entries of the same millisecond stay apart.
   */
  deliveryLogPrefix: () => 'delivery-log:',
  auditLogPrefix: () => 'audit-log:',
  newestFirst: (prefix: string, atMs: number, suffix: string) => `${prefix}${String(NEWEST_FIRST_BASE - atMs).padStart(13, '0')}:${suffix}`,
  /** One key per refused, unverified delivery recorded in the minute (slot 1..cap), created with FAIL_IF_EXISTS. */
  refusalSlotPrefix: (minute: number) => `delivery-refusals:${minute}:`,
  refusalSlot: (minute: number, slot: number) => `delivery-refusals:${minute}:${String(slot).padStart(2, '0')}`,
  /** The site admin's allow-list of what may be embedded, per space (plain key: read in a view's batch). */
  allowList: () => 'site:allow-list',
  /** Prefixes of the cache: one `spec:` key per spec, one `spec-rev:` key per kept old revision. */
  specPrefix: () => 'spec:',
  revisionPrefix: () => 'spec-rev:',
  /** The last engineering errors with their details, newest first (admin page; one capped list). */
  engineeringErrors: () => 'health:engineering-errors',
  /** The latest run of one admin action (`purge_cache`, `resnapshot_all`, `remove_snapshots`) and its progress. */
  adminAction: (action: string) => `admin-action:${action}`,
  /** Where documentation notices go and what they may carry (admin page, Integrators). */
  documentationNotices: () => 'site:documentation-notices',
  /** The newest documentation-state sequence queued for one page: older states still queued are not sent. */
  documentationSequence: (pageId: string) => `doc-notice-seq:${pageId}`,
} as const;
