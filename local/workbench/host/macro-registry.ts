/**
 * The open macros of the page, by localId: their latest config tree (MacroConfig) and how to send
 * their frame a product event. The config panel reads it; each macro slot writes its own entry.
 */
import { useSyncExternalStore } from 'react';
import type { ForgeDoc } from '../renderer/forge-doc';

/** One open macro. */
export interface MacroEntry {
  configDoc?: ForgeDoc;
  emit(event: string, payload?: unknown): void;
}

/** A tiny external store of macro entries. */
export class MacroRegistry {
  private entries = new Map<string, MacroEntry>();
  private listeners = new Set<() => void>();

  set(localId: string, entry: MacroEntry | undefined): void {
    if (entry) this.entries.set(localId, entry);
    else this.entries.delete(localId);
    this.listeners.forEach((listener) => listener());
  }

  get(localId: string): MacroEntry | undefined {
    return this.entries.get(localId);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
}

/** The entry of one macro, re-rendering when it changes. */
export function useMacroEntry(registry: MacroRegistry, localId: string | undefined): MacroEntry | undefined {
  return useSyncExternalStore(registry.subscribe, () => (localId ? registry.get(localId) : undefined));
}
