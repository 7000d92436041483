/**
 * A safety net for text that is kept and shown (the audit trail): parts shaped like a secret are cut out. Callers never
 * pass secret values; this catches the mistake, it is not a licence to make it. Pure.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SHAPES: { pattern: RegExp; replace: (match: string, scheme?: string) => string }[] = [
  // Standard Webhooks secrets as this app generates them (a hint such as `whsec_…4f2a` has no base64 after `_`).
  { pattern: /whsec_[A-Za-z0-9+/=]+/g, replace: () => 'whsec_[redacted]' },
  { pattern: /\b(Bearer|Basic)\s+[^\s,;]+/gi, replace: (_match, scheme) => `${scheme} [redacted]` },
  // Tokens and keys: a long run of base64, base64url or hex characters that looks random (not a UUID).
  { pattern: /[A-Za-z0-9+/=_-]{32,}/g, replace: (match) => (looksRandom(match) && !UUID.test(match) ? '[redacted]' : match) },
];

/**
 * Letters with digits, or many capitals among many small letters. A random 32-byte base64url key has no digit about once
 * in 1,700 draws, so digits alone are not enough; a long snake_case or camelCase name has neither mark.
 */
function looksRandom(run: string): boolean {
  const count = (pattern: RegExp): number => run.match(pattern)?.length ?? 0;
  const upper = count(/[A-Z]/g);
  const lower = count(/[a-z]/g);
  if (count(/[0-9]/g) > 0 && upper + lower > 0) return true;
  return upper >= MIXED_CASE_MINIMUM && lower >= MIXED_CASE_MINIMUM;
}

const MIXED_CASE_MINIMUM = 8;

/** `text` with every secret-shaped part replaced, and whether anything was. */
export function redactSecretShapes(text: string): { text: string; redacted: boolean } {
  const out = SHAPES.reduce((current, { pattern, replace }) => current.replace(pattern, (match: string, group: unknown) => replace(match, typeof group === 'string' ? group : undefined)), text);
  return { text: out, redacted: out !== text };
}
