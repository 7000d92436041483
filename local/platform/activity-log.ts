/** One line of what the app and the platform did, for the workbench's activity panel. */
export interface ActivityEntry {
  seq: number;
  at: string;
  source: 'resolver' | 'webtrigger' | 'consumer' | 'function' | 'egress' | 'kvs' | 'confluence' | 'queue' | 'realtime' | 'app-log' | 'engineering' | 'trigger';
  message: string;
  detail?: Record<string, unknown>;
}

/** A bounded in-memory log with listeners (the workbench streams it to the browser). */
export class ActivityLog {
  private entries: ActivityEntry[] = [];
  private listeners = new Set<(entry: ActivityEntry) => void>();
  private seq = 0;

  constructor(private readonly capacity = 500) {}

  add(source: ActivityEntry['source'], message: string, detail?: Record<string, unknown>): void {
    const entry: ActivityEntry = { seq: ++this.seq, at: new Date().toISOString(), source, message, ...(detail ? { detail } : {}) };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
    for (const listener of this.listeners) listener(entry);
  }

  recent(limit = 100): ActivityEntry[] {
    return this.entries.slice(-limit);
  }

  subscribe(listener: (entry: ActivityEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
