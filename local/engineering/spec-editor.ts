/**
 * Edits to the sample engineering system, shared by the HTTP API (PATCH/DELETE) and the admin
 * seam, so both validate the same way and both notify change listeners.
 */
import type { Clock } from '../platform/clock';
import type { SpecRecord } from '../../src/shared/spec-record';
import type { SpecRepository } from './spec-repository';
import { validateSpecPatch, validateSpecRecord } from './validate-spec-patch';

/** What change listeners receive after every successful edit. */
export interface SpecChangeEvent {
  type: 'spec.updated' | 'spec.deleted';
  specIds: string[];
}

/** Called synchronously after the edit is stored; a returned promise is tracked, not awaited. */
export type SpecChangeListener = (event: SpecChangeEvent) => void | Promise<void>;

/** The outcome of an update: the stored record, or why nothing changed. */
export type SpecEditResult =
  | { ok: true; value: SpecRecord }
  | { ok: false; reason: 'not_found'; message: string }
  | { ok: false; reason: 'bad_request'; field: string; message: string };

/** Applies validated edits and tells listeners about them. */
export interface SpecEditor {
  /** Adds a new record (validated like the seed data); refuses an id that exists. */
  create(record: unknown): SpecEditResult;
  update(id: string, patch: unknown): SpecEditResult;
  remove(id: string): boolean;
  onChange(listener: SpecChangeListener): () => void;
  /** Resolves once every listener promise started so far has settled. */
  settled(): Promise<void>;
}

/** Creates the editor over a repository; `clock` stamps updatedAt. */
export function createSpecEditor(repository: SpecRepository, clock: Clock): SpecEditor {
  const listeners = new Set<SpecChangeListener>();
  const pending = new Set<Promise<void>>();

  function emit(event: SpecChangeEvent): void {
    for (const listener of [...listeners]) {
      try {
        const result = listener(event);
        if (result instanceof Promise) track(result);
      } catch (error) {
        // A failing listener (e.g. a notice sender) must not undo or fail the edit itself.
        console.error('engineering: change listener failed', { type: event.type, error });
      }
    }
  }

  function track(promise: Promise<void>): void {
    const settledPromise = promise.then(
      () => undefined,
      (error: unknown) => console.error('engineering: change listener failed', { error }),
    );
    pending.add(settledPromise);
    void settledPromise.finally(() => pending.delete(settledPromise));
  }

  return {
    create(record) {
      const checked = validateSpecRecord(record);
      if (!checked.ok) return { ok: false, reason: 'bad_request', ...checked.error };
      if (repository.get(checked.value.id)) {
        return { ok: false, reason: 'bad_request', field: 'id', message: `Spec ${checked.value.id} already exists.` };
      }
      repository.save(checked.value);
      emit({ type: 'spec.updated', specIds: [checked.value.id] });
      return { ok: true, value: checked.value };
    },
    update(id, patch) {
      const current = repository.get(id);
      if (current === undefined) return { ok: false, reason: 'not_found', message: `Spec ${id} not found.` };
      const checked = validateSpecPatch(patch);
      if (!checked.ok) return { ok: false, reason: 'bad_request', ...checked.error };
      const changes = checked.value;
      const newRevision = changes.revision !== undefined && changes.revision !== current.revision;
      if (newRevision && repository.hasRevisionInHistory(id, changes.revision as string)) {
        const message = `Field 'revision' names ${changes.revision}, an earlier revision of ${id}; revisions only move forward.`;
        return { ok: false, reason: 'bad_request', field: 'revision', message };
      }
      const next: SpecRecord = {
        id: current.id,
        title: changes.title ?? current.title,
        revision: changes.revision ?? current.revision,
        status: changes.status ?? current.status,
        owner: changes.owner ?? current.owner,
        updatedAt: new Date(clock.now()).toISOString(),
        url: current.url,
        parameters: changes.parameters ?? current.parameters,
      };
      repository.save(next, newRevision ? current : undefined);
      emit({ type: 'spec.updated', specIds: [id] });
      return { ok: true, value: next };
    },
    remove(id) {
      const removed = repository.remove(id);
      if (removed) emit({ type: 'spec.deleted', specIds: [id] });
      return removed;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
