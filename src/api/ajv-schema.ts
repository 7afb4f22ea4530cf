import { Ajv, type ValidateFunction } from 'ajv';
import type { SchemaNode } from './schema-node.ts';

/** A JSON Schema (draft-07 subset) object as ajv takes it. */
type JsonSchema = Record<string, unknown>;

/**
 * Renders a schema node for ajv. The `x-kubernetes-*` extensions are dropped (ajv cannot run CEL;
 * `validate.ts` runs their TypeScript twins), and objects with named fields get
 * `additionalProperties: false`, so unknown fields are reported as `kubectl --validate=strict`
 * reports them. `freeform` names child fields whose content is not checked (root `metadata`).
 */
export function toAjvSchema(node: SchemaNode, freeform: readonly string[] = []): JsonSchema {
  const out: JsonSchema = { type: node.type };
  const copy = [
    'default',
    'enum',
    'pattern',
    'minLength',
    'maxLength',
    'format',
    'minimum',
    'maximum',
    'required',
    'maxProperties',
    'minItems',
    'maxItems',
  ] as const;
  for (const key of copy) {
    if (node[key] !== undefined) out[key] = node[key];
  }
  if (node.properties) {
    out['properties'] = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [
        k,
        freeform.includes(k) ? { type: 'object' } : toAjvSchema(v),
      ]),
    );
    out['additionalProperties'] = false;
  }
  if (node.additionalProperties)
    out['additionalProperties'] = toAjvSchema(node.additionalProperties);
  if (node.items) out['items'] = toAjvSchema(node.items);
  return out;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** Creates an ajv instance that checks the OpenAPI formats the schema uses and fills in defaults. */
function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  // RFC 3339 date-time, as metav1.Time serialises it.
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/u);
  return ajv;
}

let shared: Ajv | undefined;

/** Compiles a node once per call site; ajv caches compiled schemas by content. */
export function compileAjv(node: SchemaNode, freeform: readonly string[] = []): ValidateFunction {
  shared ??= createAjv();
  return shared.compile(toAjvSchema(node, freeform));
}
