/**
 * The macro's `adfExport` function: Confluence calls it when a page is exported (PDF, Word) or shown
 * in page history, where no UI Kit code runs. It reads the macro's last snapshot and returns ADF.
 *
 * What the platform passes (researched; Atlassian documents only part of it):
 * - `exportType`: 'pdf' | 'word' | 'other', and `context.content.id` for the page
 *   (Forge tutorial "Specify the export view":
 *   https://developer.atlassian.com/platform/forge/change-the-confluence-frontend-with-the-ui-kit/#specify-the-export-view).
 * - `extensionPayload`: the macro node's data; `extensionPayload.macro.body` for bodied macros
 *   (https://developer.atlassian.com/platform/forge/using-rich-text-bodied-macros/).
 * - Field positions differ by export type, as seen in a shipped app (`extractExportContext` in
 *   https://github.com/ZenUml/conf-app/blob/main/src/export.js): the page id is at `context.content.id` or `context.contentId` (Word) or
 *   `context.extension.content.id` (PDF); the config at `context.config` (Word) or `extensionPayload.config` (PDF).
 * - The macro's `localId` is not documented for exports [unverified]; it is read from the first of
 *   `context.localId`, `context.extension.localId`, `extensionPayload.localId`,
 *   `extensionPayload.parameters.localId`, `localId` that holds a non-empty string.
 * The export must never fail the page export, so every problem becomes a sentence in the ADF.
 */
import { snapshotWithoutRefused, type AllowListPolicy } from '../domain/allow-list';
import type { AdfDoc } from '../domain/export-adf';
import { buildExportAdf } from '../domain/export-adf';
import { errorDetail } from '../domain/error-detail';
import type { Clock, ContentType, Logger, MacroRef } from '../domain/ports';
import type { MacroSnapshot } from '../domain/snapshot';
import { cloudIdFrom, contentTypeFrom } from './macro-context';

export type { AdfDoc } from '../domain/export-adf';

/** Ports the export needs; the Confluence content-property adapter provides `readSnapshot`. */
export interface AdfExportDeps {
  /** The macro's snapshot, only when the app signed it for this page (or blog post), macro and site (`cloudId`, when known). */
  readSnapshot: (macro: MacroRef, site: { cloudId?: string }) => Promise<MacroSnapshot | undefined>;
  /** The site's allow-list (§29); absent: no restriction (tests of other rules). A failed read refuses every spec. */
  readAllowList?: () => Promise<AllowListPolicy>;
  clock: Clock;
  /** Gets static messages plus metadata. */
  log?: Logger;
}

const SILENT: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Where an export call points: page (or blog post), macro instance and export type. */
export interface ExportTarget {
  pageId?: string;
  contentType?: ContentType;
  localId?: string;
  exportType?: string;
}

/** Says which macro an export is for when the platform did not. */
export const UNKNOWN_MACRO_TEXT = 'Spec Bridge could not tell which macro this export is for; open the page and export again.';
/** Says the snapshot could not be read. */
export const UNREADABLE_SNAPSHOT_TEXT = 'Spec Bridge could not read its saved data for this export; open the page and export again.';

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function firstId(candidates: unknown[]): string | undefined {
  for (const value of candidates) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/** Reads page id, localId and export type from an adfExport payload, wherever this export type puts them. */
export function exportTargetFrom(payload: unknown): ExportTarget {
  const pageId = firstId([
    at(payload, 'context', 'extension', 'content', 'id'),
    at(payload, 'context', 'content', 'id'),
    at(payload, 'context', 'contentId'),
  ]);
  const localId = firstId([
    at(payload, 'context', 'localId'),
    at(payload, 'context', 'extension', 'localId'),
    at(payload, 'extensionPayload', 'localId'),
    at(payload, 'extensionPayload', 'parameters', 'localId'),
    at(payload, 'localId'),
  ]);
  const exportType = at(payload, 'exportType');
  const contentType = contentTypeFrom(at(payload, 'context', 'extension', 'content', 'type') ?? at(payload, 'context', 'content', 'type'));
  return {
    ...(pageId ? { pageId } : {}),
    ...(contentType ? { contentType } : {}),
    ...(localId ? { localId } : {}),
    ...(typeof exportType === 'string' ? { exportType } : {}),
  };
}

/** The space of the exported content, from the platform's context (`extension.space.key`); undefined: the strictest. */
function spaceKeyFrom(payload: unknown, context: unknown): string | undefined {
  const key = at(payload, 'context', 'extension', 'space', 'key') ?? at(payload, 'context', 'space', 'key') ?? at(context, 'extension', 'space', 'key');
  return typeof key === 'string' && key !== '' ? key : undefined;
}

function sentence(text: string): AdfDoc {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

/** Builds the adfExport function over its ports; it always resolves to an ADF document. */
export function createAdfExportHandler(deps: AdfExportDeps): (payload: unknown, context?: unknown) => Promise<AdfDoc> {
  const log = deps.log ?? SILENT;
  return async function adfExport(payload: unknown, context?: unknown): Promise<AdfDoc> {
    const { pageId, localId, contentType, exportType } = exportTargetFrom(payload);
    if (!pageId || !localId) {
      log.warn('adf export without page id or macro localId', { hasPageId: Boolean(pageId), hasLocalId: Boolean(localId), exportType });
      return sentence(UNKNOWN_MACRO_TEXT);
    }
    let snapshot: MacroSnapshot | undefined;
    try {
      const macro: MacroRef = { pageId, localId, ...(contentType ? { contentType } : {}) };
      snapshot = await deps.readSnapshot(macro, { cloudId: cloudIdFrom(at(payload, 'context'), context) });
    } catch (error) {
      log.warn('adf export could not read the snapshot', { pageId, localId, exportType, ...errorDetail(error) });
      return sentence(UNREADABLE_SNAPSHOT_TEXT);
    }
    // A snapshot written before the allow-list changed may still hold a spec it now refuses: the export leaves it out.
    if (snapshot && deps.readAllowList) {
      const policy = await deps.readAllowList().catch((error: unknown): AllowListPolicy => {
        log.warn('adf export could not read the allow-list; every spec is left out', { pageId, localId, ...errorDetail(error) });
        return { kind: 'unreadable', reason: 'unavailable' };
      });
      snapshot = snapshotWithoutRefused(snapshot, policy, spaceKeyFrom(payload, context));
    }
    try {
      return buildExportAdf(snapshot, new Date(deps.clock.now()).toISOString());
    } catch (error) {
      // The snapshot store validates what it returns; this only keeps a bug from failing the page export.
      log.error('adf export could not render the snapshot', { pageId, localId, exportType, ...errorDetail(error) });
      return sentence(UNREADABLE_SNAPSHOT_TEXT);
    }
  };
}
