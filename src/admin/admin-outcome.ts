/** An admin operation's result: its value, or a refused input with the sentence the admin page shows. */
export type AdminOutcome<T> = { ok: true; value: T } | { ok: false; code: 'invalid_input'; message: string };

export function invalidInput(message: string): { ok: false; code: 'invalid_input'; message: string } {
  return { ok: false, code: 'invalid_input', message };
}
