/**
 * The subset of CQL (Confluence Query Language) the local search answers: clauses joined by AND, each
 * `field op value` with op `=`, `!=`, `~` or `!~`; values quoted ("…" or '…', backslash escapes) or bare words;
 * fields `type`, `space`, a content property's search alias, or `content.property[key].path`. Anything else —
 * OR, NOT, parentheses, ORDER BY, functions, other fields — is refused with the reason, not guessed at.
 */

export type CqlOperator = '=' | '!=' | '~' | '!~';

export interface CqlClause {
  field: string;
  operator: CqlOperator;
  value: string;
}

export type CqlParse = { ok: true; clauses: CqlClause[] } | { ok: false; message: string };

type Token = { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: 'op'; text: CqlOperator };

const OPERATORS: readonly CqlOperator[] = ['!=', '!~', '=', '~'];

export function parseCql(cql: string): CqlParse {
  const tokens = tokenize(cql);
  if (!Array.isArray(tokens)) return tokens;
  const clauses: CqlClause[] = [];
  let index = 0;
  while (index < tokens.length) {
    if (clauses.length > 0) {
      const joiner = tokens[index];
      if (joiner?.kind !== 'word' || joiner.text.toUpperCase() !== 'AND') {
        return unsupported(`expected AND after a clause, found '${joiner?.text ?? ''}' (the local platform answers AND only)`);
      }
      index += 1;
    }
    const [field, operator, value] = [tokens[index], tokens[index + 1], tokens[index + 2]];
    if (field?.kind !== 'word') return unsupported(`expected a field name, found '${field?.text ?? 'the end of the query'}'`);
    if (operator?.kind !== 'op') return unsupported(`expected an operator (=, !=, ~, !~) after '${field.text}'${operator ? `, found '${operator.text}'` : ''}`);
    if (value === undefined || value.kind === 'op') return unsupported(`expected a value after '${field.text} ${operator.text}'`);
    clauses.push({ field: field.text, operator: operator.text, value: value.text });
    index += 3;
  }
  if (clauses.length === 0) return unsupported('the query is empty');
  return { ok: true, clauses };
}

function tokenize(cql: string): Token[] | { ok: false; message: string } {
  const tokens: Token[] = [];
  let index = 0;
  while (index < cql.length) {
    const char = cql[index] ?? '';
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const operator = OPERATORS.find((op) => cql.startsWith(op, index));
    if (operator) {
      tokens.push({ kind: 'op', text: operator });
      index += operator.length;
      continue;
    }
    if (char === '"' || char === "'") {
      let text = '';
      let end = index + 1;
      for (; end < cql.length && cql[end] !== char; end += 1) {
        if (cql[end] === '\\') end += 1;
        text += cql[end] ?? '';
      }
      if (end >= cql.length) return unsupported(`the quoted value starting at ${index} is not closed`);
      tokens.push({ kind: 'string', text });
      index = end + 1;
      continue;
    }
    const word = /^[A-Za-z0-9_.\-[\]]+/.exec(cql.slice(index))?.[0];
    if (!word) return unsupported(`unexpected '${char}' at ${index}`);
    tokens.push({ kind: 'word', text: word });
    index += word.length;
  }
  return tokens;
}

function unsupported(reason: string): { ok: false; message: string } {
  return { ok: false, message: `Could not parse cql : ${reason}` };
}

/** Lower-cased words of letters and digits, as a text field is indexed (`SHAFT-1042@C` → shaft, 1042, c). */
export function textTokens(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** `~` on a text field: the query's words appear in the text as consecutive words (a phrase). */
export function textMatches(indexed: string, query: string): boolean {
  const words = textTokens(indexed);
  const wanted = textTokens(query);
  if (wanted.length === 0) return false;
  for (let start = 0; start + wanted.length <= words.length; start += 1) {
    if (wanted.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}
