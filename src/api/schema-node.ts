/**
 * The typed schema source that the CRD and the offline validator are both generated from.
 *
 * A `SchemaNode` is a structural OpenAPI v3 schema with the Kubernetes extensions spelled as
 * typed fields (`listType`, `rules`). `crd-schema.ts` turns it into the CRD's
 * `openAPIV3Schema`, `ajv-schema.ts` into a draft-07 schema for ajv, and `validate.ts` walks it to
 * run the TypeScript twin of every CEL rule.
 */

/** Reasons the API server accepts for a CEL rule; they become the `reason` of the status cause. */
export type RuleReason =
  'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';

/**
 * A cross-field rule: the CEL expression the API server runs and its TypeScript twin.
 *
 * `check` receives the same `self` as the CEL rule (the value at the node that carries the rule,
 * after defaults) and returns a message when the rule fails. It must accept exactly what `rule`
 * accepts; the invalid-spec table runs both to keep them in step.
 */
export interface CrossFieldRule<Self> {
  /** CEL expression; true means valid. */
  rule: string;
  /**
   * Message the API server reports. It is fixed text: a `messageExpression` that lists the
   * offending values (`filter(...).join(...)`) exceeds the API server's CEL cost estimate.
   */
  message: string;
  /** Field the API server names, relative to the node, e.g. `.labelKey`. */
  fieldPath?: string;
  reason?: RuleReason;
  check(self: Self): string | undefined;
}

export interface SchemaNode {
  type: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  /** Shown by `kubectl explain`; states the default and the unit. */
  description: string;
  /** Written into the object by the API server when the field is absent. */
  default?: unknown;
  enum?: readonly string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  format?: 'int32' | 'int64' | 'date-time';
  minimum?: number;
  maximum?: number;
  properties?: Readonly<Record<string, SchemaNode>>;
  required?: readonly string[];
  /** Value schema of a map (string keys); exclusive with `properties`. */
  additionalProperties?: SchemaNode;
  maxProperties?: number;
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  /** `x-kubernetes-list-type`: `set` and `map` lists reject duplicates. */
  listType?: 'atomic' | 'set' | 'map';
  /** `x-kubernetes-list-map-keys` of a `map` list. */
  listMapKeys?: readonly string[];
  /** `x-kubernetes-validations`. */
  // The element type is erased here: each rule is typed where it is declared.
  rules?: readonly CrossFieldRule<never>[];
}

type Extra = Omit<SchemaNode, 'type' | 'description'>;

/** Builds a string field. */
export function str(description: string, extra: Extra = {}): SchemaNode {
  return { type: 'string', description, ...extra };
}

/** Builds a 32-bit integer field. */
export function int(description: string, extra: Extra = {}): SchemaNode {
  return { type: 'integer', format: 'int32', description, ...extra };
}

/** Builds a boolean field. */
export function bool(description: string, extra: Extra = {}): SchemaNode {
  return { type: 'boolean', description, ...extra };
}

/** Builds an object with named fields. */
export function obj(
  description: string,
  properties: Record<string, SchemaNode>,
  extra: Extra = {},
): SchemaNode {
  return { type: 'object', description, properties, ...extra };
}

/** Builds a map from string keys to values of one schema. */
export function map(description: string, values: SchemaNode, extra: Extra = {}): SchemaNode {
  return { type: 'object', description, additionalProperties: values, ...extra };
}

/** Builds a list. */
export function list(description: string, items: SchemaNode, extra: Extra = {}): SchemaNode {
  return { type: 'array', description, items, ...extra };
}

/**
 * Declares a rule whose `check` is typed for the node that carries it. The result fits any node
 * because `check` is a method, and TypeScript accepts narrower parameter types for methods.
 */
export function rule<Self>(definition: CrossFieldRule<Self>): CrossFieldRule<never> {
  return definition;
}
