/** Forge invocation limits the local platform enforces (forge-facts §3.3, §4.2, §7). */
export const LIMITS = {
  resolverTimeoutMs: 25_000,
  webtriggerTimeoutMs: 55_000,
  consumerDefaultTimeoutMs: 55_000,
  /** Product-event triggers run with the standard 25 s (custom timeouts are for consumers and scheduled triggers only). */
  triggerTimeoutMs: 25_000,
  invokePayloadBytes: 500 * 1024,
  /** "Front-end invocation response payload size | 5MB": read as 5,000,000 bytes, the stricter of MB and MiB. */
  invokeResponseBytes: 5_000_000,
  webtriggerPayloadBytes: 5 * 1024 * 1024,
} as const;

/** Thrown (as the invocation's failure) when a function runs past its platform timeout. */
export class InvocationTimeoutError extends Error {
  override name = 'InvocationTimeoutError';
  constructor(functionKey: string, timeoutMs: number) {
    super(`Function '${functionKey}' timed out after ${timeoutMs / 1000} s (Forge limit)`);
  }
}

/** Thrown when a payload exceeds a Forge size limit. */
export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
  constructor(what: string, bytes: number, limit: number) {
    super(`${what} is ${bytes} bytes; the Forge limit is ${limit} bytes`);
  }
}

/** Resolves with `work`, or rejects with InvocationTimeoutError once `timeoutMs` passes. */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, functionKey: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InvocationTimeoutError(functionKey, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
