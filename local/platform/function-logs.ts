import type { ActivityLog } from './activity-log';
import { currentInvocation } from './invocation';

/**
 * Forge records what functions print (`forge logs`); locally, console output made inside an
 * invocation goes to the activity log instead (and to the terminal when `echo` is set).
 * The console is patched once per process; later platforms take over the target log.
 */
export function captureFunctionLogs(activity: ActivityLog, echo: boolean): void {
  const flag = Symbol.for('spec-bridge.local.console-captured');
  const holder = console as unknown as Record<symbol, ActivityLog>;
  const alreadyCaptured = Boolean(holder[flag]);
  holder[flag] = activity;
  if (alreadyCaptured) return;
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const invocation = currentInvocation();
      if (!invocation) return original(...args);
      const target = holder[flag];
      target?.add('app-log', args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '), { functionKey: invocation.functionKey, level });
      if (echo) original(...args);
    };
  }
}
