/**
 * Reads this macro's stored snapshot as the viewer, through the product bridge (`requestConfluence`):
 * no function invocation and none of the app's REST points. Every outcome is a value; a refused call
 * (no consent yet, no permission, the bridge unavailable) is `failed`, and the macro asks its resolver.
 */
import { requestConfluence, view } from '@forge/bridge';
import { licenseLapsed } from '../shared/license';
import { paintableSnapshot, snapshotPropertyKey, type PaintableSnapshot } from '../shared/snapshot-shape';
import { verifySnapshotInBrowser } from '../shared/snapshot-verify';
import { digestConfig, type ConfigDigest } from './config-digest';

/** A snapshot the macro may paint, with the config it was checked against. */
export interface TrustedSnapshot {
  snapshot: PaintableSnapshot;
  config: ConfigDigest;
}

interface MacroPlace {
  contentId: string;
  contentType: string;
  localId: string;
  cloudId: string | null;
  development: boolean;
  /** Open in the editor (`extension.isEditing`). */
  editing: boolean;
  config: unknown;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function macroPlace(): Promise<MacroPlace | undefined> {
  const context = (await view.getContext()) as unknown as Record<string, unknown> | undefined;
  const extension = (context?.extension ?? {}) as Record<string, unknown>;
  const content = (extension.content ?? {}) as Record<string, unknown>;
  const contentId = text(content.id);
  const localId = text(context?.localId);
  // A lapsed subscription paints nothing of its own: the resolver answers with the sentence that says why.
  if (!contentId || !localId || licenseLapsed(context)) return undefined;
  return {
    contentId,
    contentType: text(content.type) ?? 'page',
    localId,
    cloudId: text(context?.cloudId) ?? null,
    development: context?.environmentType === 'DEVELOPMENT',
    editing: extension.isEditing === true,
    config: extension.config,
  };
}

async function readPropertyValue(place: MacroPlace): Promise<unknown> {
  const collection = place.contentType === 'blogpost' ? 'blogposts' : 'pages';
  const key = encodeURIComponent(snapshotPropertyKey(place.localId));
  const response = await requestConfluence(`/wiki/api/v2/${collection}/${encodeURIComponent(place.contentId)}/properties?key=${key}`, {
    headers: { accept: 'application/json' },
  });
  if (!response.ok) return UNREADABLE;
  const body = (await response.json()) as { results?: { key?: unknown; value?: unknown }[] };
  return body.results?.find((property) => property.key === snapshotPropertyKey(place.localId))?.value;
}

const UNREADABLE = Symbol('unreadable');

/**
 * What the macro found where its snapshot is kept: one it may paint, none at all (a new macro), or one it may not use;
 * or, in the editor, nothing read (§42): an author's render, often the first after the config dialog's Save, asks the
 * resolver at once instead of waiting for a Confluence round trip first.
 */
export type SnapshotRead = { kind: 'trusted'; trusted: TrustedSnapshot } | { kind: 'absent' } | { kind: 'unusable' } | { kind: 'editing' };

/**
 * The macro's snapshot when it can be read, is signed for this page, macro and site with a key this
 * environment trusts, has a paintable shape, and the config is one the macro can check it against.
 */
export async function readSnapshot(): Promise<SnapshotRead> {
  try {
    const place = await macroPlace();
    if (place?.editing) return { kind: 'editing' };
    const config = place ? digestConfig(place.config) : undefined;
    if (!place || !config) return { kind: 'unusable' };
    const value = await readPropertyValue(place);
    if (value === UNREADABLE) return { kind: 'unusable' };
    if (value === undefined) return { kind: 'absent' };
    const binding = { pageId: place.contentId, localId: place.localId, cloudId: place.cloudId, trustDevKeys: place.development };
    if ((await verifySnapshotInBrowser(value, binding)) !== 'verified') return { kind: 'unusable' };
    const snapshot = paintableSnapshot(value);
    return snapshot ? { kind: 'trusted', trusted: { snapshot, config } } : { kind: 'unusable' };
  } catch {
    return { kind: 'unusable' };
  }
}
