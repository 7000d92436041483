import { MAX_JSON_NESTING, nestsDeeperThan } from '../json-nesting';
import { confluenceError } from './confluence-error';

/** Most JSON one content property may hold: "no more than 32KB of JSON data" (Atlassian entity-properties docs). */
export const MAX_PROPERTY_VALUE_BYTES = 32 * 1024;

/** Longest key Confluence accepts (v1 documents maxLength 255). */
export const MAX_PROPERTY_KEY_LENGTH = 255;

/** A validated POST/PUT body of a content property. */
export interface PropertyWrite {
  key: string;
  valueJson: string;
  /** PUT only: the new version number the client asks for. */
  versionNumber?: number;
  message: string;
  minorEdit: boolean;
}

/** Parses a request body as JSON; malformed JSON is a 400, as in Confluence. */
export function parseJsonBody(body: string): { json: unknown } | Response {
  if (nestsDeeperThan(body)) return confluenceError(400, 'Malformed JSON request body', `The JSON nests deeper than ${MAX_JSON_NESTING} levels`);
  try {
    return { json: JSON.parse(body) as unknown };
  } catch (error) {
    return confluenceError(400, 'Malformed JSON request body', error instanceof Error ? error.message : null);
  }
}

/** Checks a ContentPropertyCreateRequest / ContentPropertyUpdateRequest: 400 when invalid, 413 when the value is too long. */
export function validatePropertyWrite(json: unknown, mode: 'create' | 'update'): PropertyWrite | Response {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return confluenceError(400, 'The request body must be a JSON object');
  }
  const body = json as Record<string, unknown>;
  const key = body.key;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_PROPERTY_KEY_LENGTH) {
    return confluenceError(400, `key is required: a string of 1 to ${MAX_PROPERTY_KEY_LENGTH} characters`);
  }
  if (!('value' in body) || body.value === undefined) return confluenceError(400, 'value is required');
  const version = body.version as Record<string, unknown> | undefined;
  if (mode === 'update' && (typeof version !== 'object' || version === null || !Number.isInteger(version.number))) {
    return confluenceError(400, 'version.number is required: the current version number plus one');
  }
  if (version?.message !== undefined && typeof version.message !== 'string') {
    return confluenceError(400, 'version.message must be a string');
  }
  const valueJson = JSON.stringify(body.value);
  const bytes = Buffer.byteLength(valueJson, 'utf8');
  if (bytes > MAX_PROPERTY_VALUE_BYTES) {
    return confluenceError(
      413,
      `The value of content property '${key}' is too long`,
      `The value is ${bytes} bytes of JSON; a content property may hold at most ${MAX_PROPERTY_VALUE_BYTES} bytes (32 KB).`,
    );
  }
  return {
    key,
    valueJson,
    ...(mode === 'update' ? { versionNumber: Number(version?.number) } : {}),
    message: typeof version?.message === 'string' ? version.message : '',
    minorEdit: version?.minorEdit === true,
  };
}
