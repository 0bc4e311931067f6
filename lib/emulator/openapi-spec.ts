import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';

/**
 * WorkOS's published OpenAPI spec (`@workos/openapi-spec`, OpenAPI 3.1.1) as JSON-Schema
 * validators. OpenAPI 3.1 schemas are JSON Schema 2020-12 plus a few OpenAPI-only keywords;
 * this step drops those (`example`, `discriminator`, `x-*`), turns a 3.0-style `nullable` into a
 * type list, and points `#/components/schemas/X` refs at one shared `$defs` document.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Spec = {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, SpecResponse> }>>;
  components: { schemas: Record<string, Json> };
};
type SpecResponse = { content?: Record<string, { schema?: Json }> };

const DROP = new Set(['example', 'discriminator', 'xml', 'externalDocs']);
const SPEC_ID = 'https://workos.test/openapi-spec';

function toJsonSchema(node: Json, refPrefix: string): Json {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, refPrefix));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROP.has(k) || k.startsWith('x-')) continue;
    if (k === '$ref' && typeof v === 'string') {
      out.$ref = v.replace('#/components/schemas/', refPrefix);
      continue;
    }
    // `properties`, `$defs` and `patternProperties` hold names, not keywords: keep every name.
    if ((k === 'properties' || k === 'patternProperties') && v && typeof v === 'object') {
      out[k] = Object.fromEntries(
        Object.entries(v as Record<string, Json>).map(([name, s]) => [
          name,
          toJsonSchema(s, refPrefix),
        ]),
      );
      continue;
    }
    out[k] = toJsonSchema(v, refPrefix);
  }
  // The published spec repeats some names in `required`, which JSON Schema forbids.
  if (Array.isArray(out.required)) out.required = [...new Set(out.required)];
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
  } else delete out.nullable;
  return out;
}

export type SpecValidator = {
  openapiVersion: string;
  /** The validator for one documented response (path as written in the spec, e.g. /organizations/{id}). */
  response(path: string, method: string, status: number): ValidateFunction;
  /** The validator for a named component schema. */
  schema(name: string): ValidateFunction;
  /** Every (path, method, status) validated so far. */
  validated: Set<string>;
};

export function errorsText(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 8)
    .map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`)
    .join('; ');
}

export function loadSpec(): SpecValidator {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@workos/openapi-spec/spec');
  const spec = parse(readFileSync(file, 'utf8')) as Spec;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
      !Number.isNaN(Date.parse(s)),
  });
  ajv.addFormat('uri', { type: 'string', validate: (s: string) => URL.canParse(s) });
  ajv.addFormat('email', { type: 'string', validate: (s: string) => /^[^@\s]+@[^@\s]+$/.test(s) });
  ajv.addSchema({
    $id: SPEC_ID,
    $defs: Object.fromEntries(
      Object.entries(spec.components.schemas).map(([k, v]) => [k, toJsonSchema(v, '#/$defs/')]),
    ),
  });
  const validated = new Set<string>();
  const cache = new Map<string, ValidateFunction>();
  return {
    openapiVersion: spec.openapi,
    validated,
    schema(name) {
      const v = ajv.getSchema(`${SPEC_ID}#/$defs/${name}`);
      if (!v) throw new Error(`The spec has no component schema ${name}`);
      return v;
    },
    response(path, method, status) {
      const key = `${method.toUpperCase()} ${path} ${status}`;
      let v = cache.get(key);
      if (!v) {
        const op = spec.paths[path]?.[method.toLowerCase()];
        if (!op) throw new Error(`The spec has no operation ${method.toUpperCase()} ${path}`);
        const schema = op.responses?.[String(status)]?.content?.['application/json']?.schema;
        if (!schema) throw new Error(`The spec documents no JSON body for ${key}`);
        v = ajv.compile(toJsonSchema(schema, `${SPEC_ID}#/$defs/`) as object);
        cache.set(key, v);
      }
      validated.add(key);
      return v;
    },
  };
}
