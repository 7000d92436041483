/**
 * Checks shared by the fault-injection suite (test/faults): what a reader sees must always be a clear
 * state, every acknowledged notice must end up in the snapshots, and notices are resent like a real
 * sender would after a 503.
 */
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import type { MacroViewModel, ResolverResult } from '../../src/shared/resolver-contract';
import { signedNotice } from './notices';
import { TEST_WEBHOOK_SECRET, type TestApp } from './start-app';

/** A macro instance on the test page with its config. */
export interface PlacedMacro {
  localId: string;
  config: { specIds: string; layout?: string };
}

/**
 * Why a view would leave the reader without a clear state (empty when it is clear): an error envelope,
 * a spec list that does not match the config, or a spec with neither data nor a problem message.
 */
export function unclearView(result: ResolverResult<MacroViewModel>, specIds: string[]): string[] {
  if (!result.ok) return [`resolver answered ${result.code}: ${result.message}`];
  const shown = result.value.specs.map((s) => s.id);
  if (JSON.stringify(shown) !== JSON.stringify(specIds)) return [`shows [${shown.join(', ')}] instead of [${specIds.join(', ')}]`];
  return result.value.specs.flatMap((spec) => (spec.record || spec.problem?.message ? [] : [`${spec.id} has neither data nor a problem message`]));
}

/** The ids a macro's config names. */
export function idsOf(macro: PlacedMacro): string[] {
  return macro.config.specIds.split(',').map((id) => id.trim());
}

/** The snapshot stored for a macro on the app's test page (or a given page). */
export function storedSnapshot(app: TestApp, localId: string, pageId = app.pageId): MacroSnapshot | undefined {
  return app.platform.confluence.admin.getPropertyByKey(pageId, snapshotPropertyKey(localId))?.value as MacroSnapshot | undefined;
}

/** Specs whose snapshot does not show the engineering system's current revision, as `<localId>:<specId>@<shown>`. */
export function behindSnapshots(app: TestApp, macros: PlacedMacro[], pageId = app.pageId): string[] {
  return macros.flatMap((macro) => {
    const snapshot = storedSnapshot(app, macro.localId, pageId);
    return idsOf(macro).flatMap((id) => {
      const shown = snapshot?.specs.find((s) => s.id === id)?.record?.revision;
      return shown === app.engineering.admin.getSpec(id)?.revision ? [] : [`${macro.localId}:${id}@${shown ?? 'none'}`];
    });
  });
}

/** Sends one signed notice and, like a Standard Webhooks sender, resends it with the same id after a 503. */
export async function deliverNotice(app: TestApp, specIds: string[], id: string, attempts = 10): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const answer = await app.platform.callWebTrigger('spec-change-notice', signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds, id }));
    status = answer.statusCode;
    if (status !== 503) return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return status;
}

/** Polls until `check` returns an empty list or `timeoutMs` passes; returns the last list. */
export async function eventually(check: () => string[], timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let left = check();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    left = check();
  }
  return left;
}

/** Makes the engineering circuit breaker's cooldown end now, as if its 60 s had passed. */
export function expireBreaker(app: TestApp): void {
  app.platform.db.prepare("UPDATE kvs_entries SET value = json_set(value, '$.openUntil', 0) WHERE namespace = 'kvs' AND key = 'breaker:engineering'").run();
}
