import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Validates emulator responses against Atlassian's official OpenAPI 3.0 text (the copy beside this file).
 * Schemas are converted to plain JSON Schema: `$ref`s to components are inlined, `nullable` becomes a
 * `null` type, OpenAPI-only keywords are dropped. `closed` additionally rejects properties the schema
 * does not declare (allOf members are merged first), which catches misnamed fields the open schemas allow.
 */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { requestBody?: RequestBody | { $ref: string }; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema>; requestBodies?: Record<string, RequestBody> };
}

interface RequestBody {
  required?: boolean;
  content?: Record<string, { schema?: Schema }>;
}

type Schema = Record<string, unknown>;

/** Schema checks against the loaded OpenAPI document. */
export interface OpenApiValidator {
  /** Problems of `data` against the JSON response schema of an operation; empty when valid. */
  responseErrors(path: string, method: string, status: string, data: unknown, options?: { closed?: boolean }): string[];
  /** Problems of a JSON request body against an operation's `requestBody` schema (`$ref`s to requestBodies followed); empty when valid. */
  requestErrors(path: string, method: string, data: unknown): string[];
  /** Problems of `data` against a components/schemas entry; empty when valid. */
  schemaErrors(name: string, data: unknown, options?: { closed?: boolean }): string[];
}

const KEPT_KEYWORDS = new Set([
  'type', 'properties', 'items', 'enum', 'format', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern',
  'required', 'additionalProperties', 'allOf', 'anyOf', 'oneOf', 'minItems', 'maxItems', 'uniqueItems', 'description',
]);

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Reads the OpenAPI text copied into the project. */
export function loadConfluenceOpenApi(): OpenApiDocument {
  return JSON.parse(readFileSync(join(__dirname, 'confluence-v2-properties.openapi.json'), 'utf8')) as OpenApiDocument;
}

/** A validator over an OpenAPI document (default: the Confluence v2 extract). */
export function createOpenApiValidator(document: OpenApiDocument = loadConfluenceOpenApi()): OpenApiValidator {
  const ajv = addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }));
  const compiled = new Map<string, ValidateFunction>();
  const check = (schema: Schema, data: unknown, closed: boolean, oneOfAsAnyOf = false) => {
    const cacheKey = `${closed}:${oneOfAsAnyOf}:${JSON.stringify(schema)}`;
    const validate = compiled.get(cacheKey) ?? ajv.compile(toJsonSchema(schema, document, closed, 0, oneOfAsAnyOf));
    compiled.set(cacheKey, validate);
    return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  };
  return {
    responseErrors(path, method, status, data, options) {
      const schema = document.paths[path]?.[method.toLowerCase()]?.responses?.[status]?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`The OpenAPI document has no JSON response ${status} for ${method} ${path}`);
      return check(schema, data, options?.closed ?? false);
    },
    requestErrors(path, method, data) {
      const declared = document.paths[path]?.[method.toLowerCase()]?.requestBody;
      const ref = declared && '$ref' in declared ? declared.$ref : undefined;
      const body = ref === undefined ? (declared as RequestBody | undefined) : document.components.requestBodies?.[ref.replace('#/components/requestBodies/', '')];
      const schema = body?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`The OpenAPI document has no JSON request body for ${method} ${path}`);
      // The write bodies are `oneOf: [PageBodyWrite, PageNestedBodyWrite]`, two objects with no required properties:
      // every body matches both, so a strict oneOf would refuse every request Confluence accepts. Read as anyOf.
      return check(schema, data, false, true);
    },
    schemaErrors(name, data, options) {
      const schema = document.components.schemas[name];
      if (!schema) throw new Error(`The OpenAPI document has no schema ${name}`);
      return check(schema, data, options?.closed ?? false);
    },
  };
}

function toJsonSchema(node: Schema, document: OpenApiDocument, closed: boolean, depth: number, oneOfAsAnyOf = false): Schema {
  if (depth > 40) throw new Error('Schema nesting too deep (recursive $ref?)');
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    const target = document.components.schemas[name];
    if (!target) throw new Error(`Unresolved $ref ${ref}`);
    return toJsonSchema(target, document, closed, depth + 1, oneOfAsAnyOf);
  }
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (!KEPT_KEYWORDS.has(keyword)) continue;
    if (keyword === 'properties') {
      const properties = value as Record<string, Schema>;
      out.properties = Object.fromEntries(
        Object.entries(properties).map(([name, child]) => [name, toJsonSchema(child, document, closed, depth + 1, oneOfAsAnyOf)]),
      );
    } else if (keyword === 'items') {
      out.items = toJsonSchema(value as Schema, document, closed, depth + 1, oneOfAsAnyOf);
    } else if (keyword === 'allOf' || keyword === 'anyOf' || keyword === 'oneOf') {
      out[keyword === 'oneOf' && oneOfAsAnyOf ? 'anyOf' : keyword] = (value as Schema[]).map((child) => toJsonSchema(child, document, closed, depth + 1, oneOfAsAnyOf));
    } else if (keyword === 'format' && value === 'string') {
      // The official text writes `format: string` (no type) on PageUpdateRequest's spaceId/parentId/ownerId: no format at all.
      continue;
    } else {
      out[keyword] = value;
    }
  }
  if (node.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  }
  if (closed && Array.isArray(out.allOf)) return close(mergeAllOf(out));
  return closed ? close(out) : out;
}

/** Merges object-only allOf members into one object schema, so closing it does not reject sibling members' properties. */
function mergeAllOf(schema: Schema): Schema {
  const { allOf, ...rest } = schema;
  return (allOf as Schema[]).reduce((merged, member) => mergeObjects(merged, member), { ...rest, type: 'object' });
}

function mergeObjects(a: Schema, b: Schema): Schema {
  const properties: Record<string, Schema> = { ...(a.properties as Record<string, Schema> | undefined) };
  for (const [name, child] of Object.entries((b.properties as Record<string, Schema> | undefined) ?? {})) {
    const existing = properties[name];
    properties[name] = existing && existing.properties && child.properties ? mergeObjects(existing, child) : child;
  }
  return { ...a, ...b, type: 'object', properties };
}

function close(schema: Schema): Schema {
  if (!schema.properties || schema.additionalProperties !== undefined) return schema;
  const properties = Object.fromEntries(
    Object.entries(schema.properties as Record<string, Schema>).map(([name, child]) => [name, close(child)]),
  );
  return { ...schema, properties, additionalProperties: false };
}
