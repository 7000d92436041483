/**
 * How deeply the local servers let a JSON request body nest. JSON.parse copes with any depth, but
 * JSON.stringify, structuredClone and recursive walks overflow the stack at a few thousand levels,
 * which surfaced as 500s. 512 is far beyond any ADF document, macro config or resolver payload.
 */
export const MAX_JSON_NESTING = 512;

/** Whether JSON text opens more than `limit` arrays/objects inside each other; a linear scan, no parse. */
export function nestsDeeperThan(text: string, limit: number = MAX_JSON_NESTING): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '[' || char === '{') {
      if (++depth > limit) return true;
    } else if (char === ']' || char === '}') {
      depth--;
    }
  }
  return false;
}
