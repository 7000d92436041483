/**
 * Loads docs/engineering-api.openapi.yaml into an Ajv (JSON Schema 2020-12) instance so tests can
 * check real responses, request bodies and examples against the contract document.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The parsed document, loosely typed: tests walk it by key (typing all of OpenAPI would restate the document). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberate, see above; only tests consume it
export type OpenApiDocument = Record<string, any>;

/** A loaded contract document with schema lookups. */
export interface ContractDocument {
  doc: OpenApiDocument;
  /** Validator for the JSON schema at a JSON pointer inside the document (e.g. `/components/schemas/SpecRecord`). */
  schemaAt(pointer: string[]): ValidateFunction;
  /** The response object for an operation and status, with a response-level $ref followed. */
  response(path: string, method: string, status: string): { object: OpenApiDocument; pointer: string[] };
  /** Follows a local `$ref` (`#/a/b`) to its target and pointer. */
  resolve(ref: string): { object: OpenApiDocument; pointer: string[] };
}

const DOCUMENT_ID = 'https://spec-bridge.example/docs/engineering-api.openapi.yaml';

/** Reads and parses the OpenAPI document from the repository's docs folder. */
export function loadContractDocument(root = join(__dirname, '..', '..')): ContractDocument {
  const doc = parse(readFileSync(join(root, 'docs', 'engineering-api.openapi.yaml'), 'utf8')) as OpenApiDocument;
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, discriminator: true });
  addFormats(ajv);
  // The document's top-level OpenAPI fields are not JSON Schema keywords; Ajv resolves pointers into the root.
  ajv.addVocabulary(['openapi', 'jsonSchemaDialect', 'info', 'servers', 'security', 'tags', 'paths', 'webhooks', 'components']);
  // Ajv implements `discriminator` but refuses its `mapping`, which OpenAPI needs when the tag values
  // differ from schema names; validation by oneOf is the same with or without it.
  ajv.addSchema({ ...(withoutDiscriminatorMappings(doc) as Record<string, unknown>), $id: DOCUMENT_ID });

  function resolve(ref: string) {
    if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported: ${ref}`);
    const pointer = ref.slice(2).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    const object = valueAt(doc, pointer);
    if (object === undefined) throw new Error(`Unresolved $ref ${ref}`);
    return { object: object as OpenApiDocument, pointer };
  }

  return {
    doc,
    resolve,
    schemaAt(pointer) {
      const fragment = pointer.map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
      const validate = ajv.getSchema(`${DOCUMENT_ID}#/${fragment}`);
      if (!validate) throw new Error(`No schema at /${pointer.join('/')}`);
      return validate;
    },
    response(path, method, status) {
      const pointer = ['paths', path, method, 'responses', status];
      const object = valueAt(doc, pointer);
      if (object === undefined) throw new Error(`Undocumented response ${method.toUpperCase()} ${path} ${status}`);
      const ref = valueAt(object, ['$ref']);
      return typeof ref === 'string' && ref !== '' ? resolve(ref) : { object: object as OpenApiDocument, pointer };
    },
  };
}

/** The value at `pointer` inside `node`, or undefined where the path ends early. */
function valueAt(node: unknown, pointer: string[]): unknown {
  return pointer.reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined), node);
}

function withoutDiscriminatorMappings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDiscriminatorMappings);
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'discriminator' && typeof value === 'object' && value !== null) {
      const { mapping: _mapping, ...rest } = value as Record<string, unknown>;
      copy[key] = rest;
    } else {
      copy[key] = withoutDiscriminatorMappings(value);
    }
  }
  return copy;
}
