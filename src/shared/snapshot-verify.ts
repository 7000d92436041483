/**
 * Browser-side check of a stored snapshot's signature (docs/decisions.md §13), with WebCrypto so the
 * macro can trust a snapshot it read itself without calling a function. The same payload and keys as
 * the backend (snapshot-keys.ts); Ed25519 in WebCrypto needs Chromium 137+ or Node 24.
 */
import { SNAPSHOT_PUBLIC_KEYS, snapshotSigningPayload } from './snapshot-keys';

/** `unverifiable`: this browser cannot check Ed25519 signatures (or the key would not load). */
export type BrowserSnapshotVerdict = 'verified' | 'unsigned' | 'unknown_key' | 'wrong_macro' | 'bad_signature' | 'unverifiable';

/** What the snapshot must be bound to, from the macro's Forge context. */
export interface SnapshotBinding {
  pageId: string;
  localId: string;
  /** The site's cloud id (context.cloudId); the backend signs over null when it could not tell. */
  cloudId: string | null;
  /**
   * Whether development keys (whose private key is public) count: only in a Forge DEVELOPMENT
   * environment, never on a staging or production installation.
   */
  trustDevKeys: boolean;
}

const importedKeys = new Map<string, Promise<CryptoKey>>();

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function publicKey(keyId: string, spki: string): Promise<CryptoKey> {
  let key = importedKeys.get(keyId);
  if (!key) {
    key = crypto.subtle.importKey('spki', bytesOf(spki), { name: 'Ed25519' }, false, ['verify']);
    importedKeys.set(keyId, key);
    key.catch(() => importedKeys.delete(keyId));
  }
  return key;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * Whether `value` (a property value read from Confluence: anything) is a snapshot this app signed
 * for the bound macro and site, with a key this environment trusts. Never throws.
 */
export async function verifySnapshotInBrowser(value: unknown, binding: SnapshotBinding): Promise<BrowserSnapshotVerdict> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'unsigned';
  const { signature, ...content } = value as Record<string, unknown>;
  const keyId = field(signature, 'keyId');
  const sig = field(signature, 'sig');
  if (typeof keyId !== 'string' || typeof sig !== 'string') return 'unsigned';
  if (content.pageId !== binding.pageId || content.localId !== binding.localId) return 'wrong_macro';
  const entry = Object.hasOwn(SNAPSHOT_PUBLIC_KEYS, keyId) ? SNAPSHOT_PUBLIC_KEYS[keyId] : undefined;
  if (!entry || (entry.devOnly && !binding.trustDevKeys)) return 'unknown_key';
  let key: CryptoKey;
  try {
    key = await publicKey(keyId, entry.spki);
  } catch {
    return 'unverifiable';
  }
  try {
    const payload = new TextEncoder().encode(snapshotSigningPayload({ cloudId: binding.cloudId, keyId, snapshot: content }));
    return (await crypto.subtle.verify({ name: 'Ed25519' }, key, bytesOf(sig), payload)) ? 'verified' : 'bad_signature';
  } catch {
    // Malformed base64, or a value too deeply nested to serialise: not ours either way.
    return 'bad_signature';
  }
}
