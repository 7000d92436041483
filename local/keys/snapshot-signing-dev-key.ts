/**
 * DEVELOPMENT ONLY. The Ed25519 private key the local platform and the tests give the app as
 * SNAPSHOT_SIGNING_KEY, so snapshots are signed locally as they are on a deployment. Its public key is
 * `local-dev-1` in src/shared/snapshot-keys.ts. It is public (committed): never set it on a real site.
 */
export const LOCAL_SNAPSHOT_SIGNING_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIOlXZ4JqsV77+q9h3m4aSRV7ALM21ByBgiorHRq9PtEH
-----END PRIVATE KEY-----
`;
