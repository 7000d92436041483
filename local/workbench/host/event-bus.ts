/**
 * Product events between the page and macro frames (`events.on` / `events.emit` of @forge/bridge).
 * The page sends FORGE_CORE_MACRO_CONFIG_CHANGED to one frame; an app's emit reaches every frame.
 */
type Listener = (payload: unknown) => unknown;

/** The page's event bus. */
export interface EventBus {
  on(frameId: string, event: string, listener: Listener): () => void;
  /** Calls the listeners of `event`, in one frame or all. */
  emit(event: string, payload: unknown, frameId?: string): void;
  /** Forgets a closed frame's listeners. */
  drop(frameId: string): void;
}

/** Creates an empty bus. */
export function createEventBus(): EventBus {
  const frames = new Map<string, Map<string, Set<Listener>>>();
  return {
    on(frameId, event, listener) {
      const events = frames.get(frameId) ?? new Map<string, Set<Listener>>();
      frames.set(frameId, events);
      const listeners = events.get(event) ?? new Set<Listener>();
      events.set(event, listeners);
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(event, payload, frameId) {
      for (const [id, events] of frames) {
        if (frameId !== undefined && id !== frameId) continue;
        for (const listener of events.get(event) ?? []) Promise.resolve(listener(payload)).catch((error: unknown) => console.warn(`${event} listener failed`, error));
      }
    },
    drop: (frameId) => void frames.delete(frameId),
  };
}
