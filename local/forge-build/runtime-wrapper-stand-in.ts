/**
 * `forge deploy` downloads Forge's Node runtime wrapper (and sometimes a loader) from Atlassian's CDN
 * and packages it as `__forge__.cjs` next to the bundle; on Forge it is the process entry point that
 * sets up the runtime globals and calls the manifest's handlers. Nothing may be fetched here, so this
 * stand-in takes its place: the local platform installs the globals itself, and the wrapper only
 * resolves a manifest handler (`index.resolver`) to the export of the Forge-built `index.cjs`.
 */
import type { getNodeBundler } from '@forge/bundler';

type WrapperProvider = Parameters<typeof getNodeBundler>[1];

/** `runtime.json` of a local build says this instead of the CDN path of Forge's wrapper. */
export const STAND_IN_VERSION = 'spec-bridge-local-stand-in';

const WRAPPER_SCRIPT = `'use strict';
// Local stand-in for Forge's Node runtime wrapper (see local/forge-build/runtime-wrapper-stand-in.ts).
const path = require('path');
exports.standIn = ${JSON.stringify(STAND_IN_VERSION)};
exports.resolveHandler = function resolveHandler(handler) {
  const parts = String(handler).split('.');
  if (parts.length !== 2) throw new Error('Handler must be <module>.<export>: ' + handler);
  const exported = require(path.join(__dirname, parts[0] + '.cjs'))[parts[1]];
  if (typeof exported !== 'function') throw new Error('The bundle does not export a function ' + handler);
  return exported;
};
`;

export const runtimeWrapperStandIn: WrapperProvider = {
  getNodeRuntimeWrapper: async () => ({ script: WRAPPER_SCRIPT, source: 'local/forge-build/runtime-wrapper-stand-in.ts', version: STAND_IN_VERSION }),
  getNodeRuntimeLoader: async () => undefined,
};
