/**
 * The benchmark's baseline: the macro resolver as Atlassian's weather-macro sample writes it — every
 * view asks the remote API for every spec it shows, with no cache, no snapshot and no push path. It
 * runs on the same local platform as Spec Bridge (same manifest function, egress check and injected
 * latency); import it only after the platform exists, because @forge/* read the runtime globals.
 */
import { fetch } from '@forge/api';
import Resolver from '@forge/resolver';
import { parseMacroConfig } from '../../src/domain/macro-config';
import { macroContextFrom } from '../../src/handlers/macro-context';
import type { MacroViewModel, ResolverResult, SpecView } from '../../src/shared/resolver-contract';
import type { SpecRecord } from '../../src/shared/spec-record';

const definitions = new Resolver();

definitions.define('getSpecs', async ({ context }): Promise<ResolverResult<MacroViewModel>> => {
  const macro = macroContextFrom(context);
  if (!macro) return { ok: false, code: 'internal', message: 'No macro context.' };
  const { settings, problems } = parseMacroConfig(macro.config);
  const specs = await Promise.all(settings.specIds.map(fetchSpec));
  return {
    ok: true,
    value: { settings, configProblems: problems, specs, page: { state: 'ok' }, generatedAt: new Date().toISOString() },
  };
});

async function fetchSpec(id: string): Promise<SpecView> {
  try {
    const response = await fetch(`${process.env.ENG_API_BASE_URL}/specs/${encodeURIComponent(id)}`, {
      headers: { Authorization: `Bearer ${process.env.ENG_API_TOKEN}`, Accept: 'application/json' },
    });
    if (!response.ok) return { id, state: 'missing', problem: { code: 'unavailable', message: `The engineering system answered ${response.status}.` } };
    return { id, state: 'fresh', record: (await response.json()) as SpecRecord, fetchedAt: new Date().toISOString(), ageSeconds: 0 };
  } catch (error) {
    return { id, state: 'missing', problem: { code: 'unavailable', message: String(error) } };
  }
}

/** The baseline "app": what the manifest's resolver function (`index.resolver`) points at. */
export const naiveApp: Record<string, unknown> = { resolver: definitions.getDefinitions() };
