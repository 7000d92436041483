import type { Logger } from './domain/ports';

/**
 * The app's one structured logger: one JSON line per message (`forge logs`; the local platform's
 * activity log). Messages are static strings; data goes in the detail object. Levels mean:
 * - info: what the app did (a view served, a change applied, a snapshot written);
 * - warn: something failed that the app handled (it retried, fell back, or will be redelivered);
 * - error: something failed that the app could not handle (the invocation fails, or a caller gets an error).
 */
export function createLogger(module: string): Logger {
  const write = (level: 'info' | 'warn' | 'error', message: string, detail?: Record<string, unknown>) => {
    const line = JSON.stringify({ level, module, message, ...detail });
    if (level === 'error') console.error(line);
    else if (level === 'warn') console.warn(line);
    else console.info(line);
  };
  return {
    info: (message, detail) => write('info', message, detail),
    warn: (message, detail) => write('warn', message, detail),
    error: (message, detail) => write('error', message, detail),
  };
}
