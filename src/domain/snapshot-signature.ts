/**
 * Signed snapshots (docs/decisions.md §13). The app signs every snapshot it writes with Ed25519 over
 * snapshotSigningPayload() — the whole stored snapshot (page, macro, content hash, records, fetch
 * times, sequence) bound to the site's cloud id — and believes a stored snapshot only when that
 * signature verifies with a key it trusts and the snapshot names the page and macro it was read for.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { SNAPSHOT_PUBLIC_KEYS, snapshotSigningPayload } from '../shared/snapshot-keys';
import type { MacroRef } from './ports';
import type { MacroSnapshot } from './snapshot';

/** What the snapshot store signs with and verifies against, per invocation. */
export interface SnapshotTrust {
  /** The site (from the invocation's installContext); unknown → signed and checked as null. */
  cloudId?: string;
  /** The app's signing key; without it snapshots are written unsigned and no stored one is trusted. */
  signer?: { keyId: string; privateKey: KeyObject };
}

export type SnapshotVerdict = 'verified' | 'no_signing_key' | 'unsigned' | 'unknown_key' | 'wrong_macro' | 'bad_signature';

/** The snapshot with a signature over its content (or without one when there is no signing key). */
export function signSnapshot(snapshot: MacroSnapshot, trust: SnapshotTrust): MacroSnapshot {
  const { signature: _old, ...content } = snapshot;
  if (!trust.signer) return content;
  const { keyId, privateKey } = trust.signer;
  const payload = snapshotSigningPayload({ cloudId: trust.cloudId ?? null, keyId, snapshot: { ...content } });
  return { ...content, signature: { keyId, sig: sign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64') } };
}

/**
 * Whether a stored property value (anything: it is read back from Confluence, where any page editor
 * or app can write it) is a snapshot this app signed for `ref` on this site. Never throws.
 */
export function verifyStoredSnapshot(value: unknown, ref: MacroRef, trust: SnapshotTrust): SnapshotVerdict {
  if (!trust.signer) return 'no_signing_key';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'unsigned';
  const { signature, ...content } = value as Record<string, unknown>;
  const keyId = typeof signature === 'object' && signature !== null ? (signature as Record<string, unknown>).keyId : undefined;
  const sig = typeof signature === 'object' && signature !== null ? (signature as Record<string, unknown>).sig : undefined;
  if (typeof keyId !== 'string' || typeof sig !== 'string') return 'unsigned';
  if (content.pageId !== ref.pageId || content.localId !== ref.localId) return 'wrong_macro';
  const publicKey = trustedKey(keyId, trust.signer.keyId);
  if (!publicKey) return 'unknown_key';
  try {
    const payload = snapshotSigningPayload({ cloudId: trust.cloudId ?? null, keyId, snapshot: content });
    return verify(null, Buffer.from(payload, 'utf8'), publicKey, Buffer.from(sig, 'base64')) ? 'verified' : 'bad_signature';
  } catch {
    // A value too deeply nested to serialise, or a malformed key: not ours either way.
    return 'bad_signature';
  }
}

const publicKeys = new Map<string, KeyObject>();

/** A published key; a development key only while the app itself signs with it. */
function trustedKey(keyId: string, ownKeyId: string): KeyObject | undefined {
  if (!Object.hasOwn(SNAPSHOT_PUBLIC_KEYS, keyId)) return undefined;
  const entry = SNAPSHOT_PUBLIC_KEYS[keyId];
  if (!entry || (entry.devOnly && keyId !== ownKeyId)) return undefined;
  let key = publicKeys.get(keyId);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(entry.spki, 'base64'), format: 'der', type: 'spki' });
    publicKeys.set(keyId, key);
  }
  return key;
}
