/**
 * Public keys that sign macro snapshots (docs/decisions.md §13), shared by the backend and the UI so
 * either can verify a stored snapshot without calling a function. Key id → base64 SPKI (DER) of an
 * Ed25519 public key. Rotation: add the new key id here, deploy, switch SNAPSHOT_SIGNING_KEY to its
 * private key; remove the old id once every snapshot it signed has been rewritten (or may go unshown).
 */
export const SNAPSHOT_PUBLIC_KEYS: Readonly<Record<string, { spki: string; devOnly?: true }>> = {
  /**
   * DEVELOPMENT KEY — its private key is committed in local/keys/snapshot-signing-dev-key.ts and used by
   * the local platform and the tests. Anyone can sign with it, so it is trusted only while the app
   * itself signs with it (never on a deployment configured with a real key), and the UI must not trust it.
   */
  'local-dev-1': { spki: 'MCowBQYDK2VwAyEA86aL2j+ws5drhh7EmbYUmPwKKTHxS19jYbLyQ04k2Jg=', devOnly: true },
};

/** What a signature is over: the whole stored snapshot (minus the signature) bound to the site. */
export interface SnapshotSigningInput {
  /** The Confluence site (cloud id) from the invocation's installContext; null when the app could not tell. */
  cloudId: string | null;
  keyId: string;
  /** The snapshot as stored, without `signature` (it names pageId, localId, contentHash, fetch times, sequence). */
  snapshot: Record<string, unknown>;
}

/** The exact bytes (UTF-8 of this string) an Ed25519 snapshot signature covers. */
export function snapshotSigningPayload(input: SnapshotSigningInput): string {
  return canonicalJson({ purpose: 'spec-bridge.snapshot/v1', cloudId: input.cloudId, keyId: input.keyId, snapshot: input.snapshot });
}

/**
 * JSON with object keys sorted (by UTF-16 code units) and `undefined` members left out, as
 * JSON.stringify would: the same value always gives the same text, however it was built or parsed.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const members = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${members.join(',')}}`;
}
