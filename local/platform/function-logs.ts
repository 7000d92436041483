import type { ActivityLog } from './activity-log';
import { currentInvocation } from './invocation';
import type { LogTarget } from './runtime-host';

const TARGET = Symbol.for('spec-bridge.local.function-log-target');

/**
 * Forge records what functions print (`forge logs`); locally, console output made inside an
 * invocation goes to the activity log instead (and to the terminal when `echo` is set).
 * The console is patched once per process; lines go to the invocation's own platform (its host's
 * `logs`), else to the platform that called this last.
 */
export function captureFunctionLogs(activity: ActivityLog, echo: boolean, onLogBytes?: (bytes: number) => void): void {
  const holder = console as unknown as Record<symbol, LogTarget | undefined>;
  const patched = holder[TARGET] !== undefined;
  holder[TARGET] = { activity, echo, onLogBytes };
  if (patched) return;
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const invocation = currentInvocation();
      const target = invocation?.host?.logs ?? holder[TARGET];
      if (!invocation || !target) return original(...args);
      target.onLogBytes?.(Buffer.byteLength(`${logText(args)}\n`, 'utf8'));
      const { message, detail } = readLogLine(args);
      target.activity.add('app-log', message, { functionKey: invocation.functionKey, level, ...detail });
      if (target.echo) original(...args);
    };
  }
}

/** The app logs one JSON object per line (`{ message, ...detail }`); show its message, keep the rest as detail. */
export function readLogLine(args: unknown[]): { message: string; detail: Record<string, unknown> } {
  const text = logText(args);
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { message?: unknown }).message === 'string') {
      const { message, level: _level, ...detail } = parsed as { message: string; level?: unknown };
      const summary = Object.entries(detail)
        .filter(([, value]) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        .map(([key, value]) => `${key}=${String(value)}`)
        .join(' ');
      return { message: summary ? `${message} · ${summary}` : message, detail };
    }
  } catch {
    // not a structured line
  }
  return { message: text, detail: {} };
}

/** The line a console call prints, as the log records it. */
function logText(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
}
