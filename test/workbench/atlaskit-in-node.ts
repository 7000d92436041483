/**
 * Lets Node load Atlaskit's CommonJS builds in tests: they `require('./x.compiled.css')` (a bundler
 * concern), so .css requires become no-ops, and Atlaskit's feature gates resolve to off. Import this
 * before anything that imports @atlaskit/*.
 */
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);
(requireHere as unknown as { extensions: Record<string, () => void> }).extensions['.css'] = () => undefined;
const flags = requireHere('@atlaskit/platform-feature-flags') as { setBooleanFeatureFlagResolver(resolve: () => boolean): void };
flags.setBooleanFeatureFlagResolver(() => false);
