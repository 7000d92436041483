/**
 * vitest globalSetup: the integration, fault, platform and browser tests run the app as Atlassian's
 * bundler builds it. `npm test` builds it in the step before vitest; this rebuilds it when the
 * sources changed since (e.g. `npx vitest` after an edit), so no test runs a stale bundle.
 */
import { resolve } from 'node:path';
import { ensureForgeBuild } from '../../local/forge-build/ensure-build';

export default function setup(): void {
  ensureForgeBuild(resolve(__dirname, '..', '..'));
}
