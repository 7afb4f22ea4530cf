import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileAjv } from './ajv-schema.ts';
import { ROOT_SCHEMA } from './schema.ts';
import type { SchemaNode } from './schema-node.ts';

/**
 * Offline validation of GdprJitsiMeet objects, mirroring what the API server does on create:
 * apply schema defaults, check the schema (ajv), reject duplicates in set and map lists, then run
 * the TypeScript twin of every CEL rule. Field paths are written the way the API server writes
 * them (`spec.residency.allowedRegions[2]`, `spec.ingress.annotations[key]`).
 */

/** One reason an object is invalid. */
export interface Issue {
  /** Field path as the API server reports it. */
  field: string;
  /** The offending value; undefined for a missing field. */
  value: unknown;
  /** Description of the problem and its fix, starting with the field path. */
  message: string;
}

/**
 * Schema errors after which the API server skips the CEL rules ("some validation rules were not
 * checked"): unsupported enum value, missing required field, too long, too many, wrong type.
 */
const BLOCKING_KEYWORDS = new Set([
  'enum',
  'required',
  'maxLength',
  'maxItems',
  'maxProperties',
  'type',
]);

/** Child of `parent` at `key`, named as the API server names it. */
function childPath(parent: string, node: SchemaNode, key: string): string {
  if (node.type === 'array') return `${parent}[${key}]`;
  if (node.additionalProperties) return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** Schema node of a child, or undefined when the schema does not declare it. */
function childNode(node: SchemaNode, key: string): SchemaNode | undefined {
  if (node.type === 'array') return node.items;
  return node.additionalProperties ?? node.properties?.[key];
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let current = data;
  for (const s of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[s];
  }
  return current;
}

/** Turns one ajv error into an issue with an API-server-style path and a message with the fix. */
function fromAjv(error: ErrorObject, root: SchemaNode, prefix: string, data: unknown): Issue {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = prefix;
  let node: SchemaNode | undefined = root;
  for (const s of segments) {
    path = node ? childPath(path, node, s) : `${path}.${s}`;
    node = node && childNode(node, s);
  }
  const value = valueAt(data, segments);
  const params = error.params as Record<string, unknown>;
  const hint = node ? ` Expected: ${node.description}` : '';
  switch (error.keyword) {
    case 'required': {
      const missing = String(params['missingProperty']);
      const field = node ? childPath(path, node, missing) : `${path}.${missing}`;
      const description = node && childNode(node, missing)?.description;
      return {
        field,
        value: undefined,
        message: `${field}: required value is missing. ${description ?? ''}`.trim(),
      };
    }
    case 'additionalProperties': {
      const extra = String(params['additionalProperty']);
      const field = path === '' ? extra : `${path}.${extra}`;
      return {
        field,
        value: valueAt(data, [...segments, extra]),
        message: `${field}: unknown field; check the spelling against \`kubectl explain gjm.spec --recursive\``,
      };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(quote).join(', ');
      return {
        field: path,
        value,
        message: `${path}: unsupported value ${quote(value)}; use one of ${allowed}`,
      };
    }
    default:
      return {
        field: path,
        value,
        message: `${path}: ${quote(value)} is invalid: ${error.message ?? 'rejected by the schema'}.${hint}`,
      };
  }
}

/** Duplicate entries of `set` and `map` lists, at the index of the later copy. */
function duplicates(node: SchemaNode, data: unknown, path: string, out: Issue[]): void {
  if (data === null || typeof data !== 'object') return;
  if (Array.isArray(data) && (node.listType === 'set' || node.listType === 'map')) {
    const seen = new Set<string>();
    data.forEach((item: unknown, index) => {
      const keys = node.listMapKeys ?? [];
      const identity =
        node.listType === 'set'
          ? JSON.stringify(item)
          : JSON.stringify(keys.map((k) => (item as Record<string, unknown>)[k]));
      const field = `${path}[${index}]`;
      if (seen.has(identity)) {
        out.push({
          field,
          value: item,
          message: `${field}: duplicate value ${quote(item)}; remove one of the entries`,
        });
      }
      seen.add(identity);
    });
  }
  for (const [key, child] of Object.entries(data as Record<string, unknown>)) {
    const childSchema = childNode(node, key);
    if (childSchema) duplicates(childSchema, child, childPath(path, node, key), out);
  }
}

/** Runs the TypeScript twin of every CEL rule on the value at each node that has rules. */
function crossFieldRules(node: SchemaNode, data: unknown, path: string, out: Issue[]): void {
  if (data === undefined || data === null) return;
  for (const r of node.rules ?? []) {
    const message = (r.check as (self: unknown) => string | undefined)(data);
    if (message === undefined) continue;
    const relative = r.fieldPath ?? '';
    const field = path === '' ? relative.replace(/^\./u, '') : `${path}${relative}`;
    out.push({
      field,
      value: valueAt(data, relative.split('.').slice(1)),
      message: `${field}: ${message}`,
    });
  }
  if (typeof data !== 'object') return;
  for (const [key, child] of Object.entries(data as Record<string, unknown>)) {
    const childSchema = childNode(node, key);
    if (childSchema) crossFieldRules(childSchema, child, childPath(path, node, key), out);
  }
}

function run(validate: ValidateFunction, node: SchemaNode, input: unknown): Issue[] {
  // Defaults are written into a copy, as the API server defaults before it validates.
  const data: unknown = structuredClone(input);
  if (data !== null && typeof data === 'object') delete (data as Record<string, unknown>)['status'];
  const issues: Issue[] = [];
  const errors = validate(data) ? [] : (validate.errors ?? []);
  issues.push(...errors.map((e) => fromAjv(e, node, '', data)));
  duplicates(node, data, '', issues);
  if (!errors.some((e) => BLOCKING_KEYWORDS.has(e.keyword))) {
    crossFieldRules(node, data, '', issues);
  }
  return issues;
}

let validator: ValidateFunction | undefined;

/**
 * Validates a GdprJitsiMeet object: the length of `metadata.name`, and `spec`. Returns no issues
 * for a valid object. The API server checks the rest of `metadata`. It also checks `status`, which
 * only the operator writes, so `status` is skipped here.
 */
export function validateSpec(resource: unknown): Issue[] {
  validator ??= compileAjv(ROOT_SCHEMA, ['metadata']);
  return run(validator, ROOT_SCHEMA, resource);
}
