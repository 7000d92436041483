/** What the admin page says about its state: pure wording, no components. */
import type { ActionProgress, AdminAction, ConnectionState, SecretDirection, SecretInfo, TestConnectionResult } from '../../shared/admin-contract';

const DOT = ' · ';

/** The connection's status line; never the token, only the hint the backend keeps. */
export function connectionLine(connection: ConnectionState): string {
  if (connection.status !== 'connected') return 'Not connected';
  const token = connection.tokenHint ? `token set${DOT}ends in ${connection.tokenHint}` : 'no token set';
  return `Connected to ${connection.baseUrl ?? 'an unnamed address'}${DOT}${token}`;
}

export const ENVIRONMENT_NOTE = "Configured by the app's deployment (environment variables); settings saved here take precedence";

/** The first line of a Test connection answer. */
export function testResultLine(result: TestConnectionResult): string {
  const parts = result.ok ? ['Connected', `HTTP ${result.status}`] : ['Not connected', ...(result.status ? [`HTTP ${result.status}`] : [])];
  return [...parts, `${result.latencyMs} ms`].join(DOT);
}

/** An ISO time as `2026-11-30 08:56 UTC` (admins compare these with logs, which are in UTC). */
export function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export const DIRECTION_TITLES: Record<SecretDirection, string> = {
  inbound: 'Inbound change notices',
  outbound: 'Outbound documentation notices',
  query: 'Queries',
};

/** One stored secret as a line: hint, role, created, expiry. */
export function secretLine(secret: SecretInfo): string {
  const role = secret.role === 'current' ? 'current' : 'previous (verifies only)';
  const expiry = secret.expiresAt ? `valid until ${when(secret.expiresAt)}` : 'valid until removed';
  return [secret.hint, role, `created ${when(secret.createdAt)}`, expiry].join(DOT);
}

/** Reads the "keep the previous secret valid" field: empty is until removed; else whole days 0–30. */
export function parseKeepDays(text: string): { ok: true; days?: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true };
  const days = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || days > 30) return { ok: false, message: 'Enter whole days from 0 to 30, or leave it empty to keep the previous secret until it is removed.' };
  return { ok: true, days };
}

export const ACTION_TITLES: Record<AdminAction, string> = {
  purge_cache: 'Purge cache',
  resnapshot_all: 'Re-snapshot all macros',
  remove_snapshots: 'Remove all snapshots',
};

/** An action's progress as one line: `Re-snapshot all macros: running · 3/10`. */
export function progressLine(progress: ActionProgress): string {
  const count = progress.total === undefined ? `${progress.done} done` : `${progress.done}/${progress.total}`;
  const parts = [`${ACTION_TITLES[progress.action]}: ${progress.state}`, count];
  if (progress.message) parts.push(progress.message);
  return parts.join(DOT);
}

/** Spec id patterns as typed: separated by commas or new lines. */
export function parsePatterns(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '');
}

export function formatPatterns(patterns: string[]): string {
  return patterns.join(', ');
}
