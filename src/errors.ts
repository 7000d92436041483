/**
 * The closed set of errors Spec Bridge throws. Expected outcomes (not found, stale, rate limited)
 * are values, not exceptions; these are for broken configuration and broken invariants.
 */
export type AppErrorCode = 'config' | 'upstream' | 'internal';

/** Base of every error the app throws on purpose. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The deployment is missing a variable or has an invalid one. */
export class ConfigError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config', message, options);
  }
}

/** An external system (engineering, Confluence) failed in a way the caller should retry. */
export class UpstreamError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number | undefined,
    options?: { cause?: unknown },
  ) {
    super('upstream', message, options);
  }
}
