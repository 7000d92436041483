import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RuntimeHost } from './runtime-host';

/** What the platform knows about the function invocation currently running. */
export interface Invocation {
  invocationId: string;
  functionKey: string;
  moduleType: string;
  moduleKey: string;
  /** Epoch ms after which the platform considers the invocation timed out. */
  deadline: number;
  /** The invoking user (resolvers only); undefined for web triggers and consumers. */
  accountId?: string;
  /**
   * The platform (site installation) running the invocation: its KVS, Confluence, queue and app context
   * serve the function's calls, so several platforms in one process each answer their own invocations.
   */
  host?: RuntimeHost;
}

const storage = new AsyncLocalStorage<Invocation>();

/** The invocation whose code is running now, if any. */
export function currentInvocation(): Invocation | undefined {
  return storage.getStore();
}

/** Runs `fn` as the body of one invocation, so runtime globals and egress checks see it. */
export function runInInvocation<T>(
  fields: Omit<Invocation, 'invocationId'> & { invocationId?: string },
  fn: () => Promise<T>,
): Promise<T> {
  return storage.run({ invocationId: randomUUID(), ...fields }, fn);
}
