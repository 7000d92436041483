import type { Logger } from './domain/ports';

/**
 * Structured function logs: one JSON line per message (visible in `forge logs` and the local
 * platform's activity log). Messages are static strings; data goes in the detail object.
 */
export function createLogger(module: string): Logger {
  const write = (level: 'info' | 'warn', message: string, detail?: Record<string, unknown>) => {
    const line = JSON.stringify({ level, module, message, ...detail });
    if (level === 'warn') console.warn(line);
    else console.info(line);
  };
  return {
    info: (message, detail) => write('info', message, detail),
    warn: (message, detail) => write('warn', message, detail),
  };
}
