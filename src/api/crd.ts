import { ROOT_SCHEMA } from './schema.ts';
import type { SchemaNode } from './schema-node.ts';
import { API_GROUP, API_VERSION, KIND, PLURAL, SHORT_NAME, SINGULAR } from './types.ts';

/** A JSON value as it appears in the rendered CRD. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Name of the CRD object, `<plural>.<group>`. */
export const CRD_NAME = `${PLURAL}.${API_GROUP}`;

function compact(entries: [string, Json | undefined][]): { [key: string]: Json } {
  return Object.fromEntries(entries.filter((e): e is [string, Json] => e[1] !== undefined));
}

/**
 * Renders a schema node as structural OpenAPI v3 with the Kubernetes extensions, the form the
 * CRD's `openAPIV3Schema` takes.
 */
export function toOpenApiSchema(node: SchemaNode): { [key: string]: Json } {
  const properties =
    node.properties &&
    Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, toOpenApiSchema(v)]));
  const validations = node.rules?.map((r) =>
    compact([
      ['rule', r.rule],
      ['message', r.message],
      ['fieldPath', r.fieldPath],
      ['reason', r.reason],
    ]),
  );
  return compact([
    ['type', node.type],
    ['description', node.description],
    ['default', node.default as Json | undefined],
    ['enum', node.enum && [...node.enum]],
    ['pattern', node.pattern],
    ['minLength', node.minLength],
    ['maxLength', node.maxLength],
    ['format', node.format],
    ['minimum', node.minimum],
    ['maximum', node.maximum],
    ['properties', properties],
    ['required', node.required && [...node.required]],
    [
      'additionalProperties',
      node.additionalProperties && toOpenApiSchema(node.additionalProperties),
    ],
    ['maxProperties', node.maxProperties],
    ['items', node.items && toOpenApiSchema(node.items)],
    ['minItems', node.minItems],
    ['maxItems', node.maxItems],
    ['x-kubernetes-list-type', node.listType],
    ['x-kubernetes-list-map-keys', node.listMapKeys && [...node.listMapKeys]],
    ['x-kubernetes-validations', validations],
  ]);
}

/**
 * Renders the root schema as the CRD needs it. The API server accepts nothing on `metadata` except
 * restrictions of `name` and `generateName`, not even a description, so `metadata` is reduced to
 * its type and the `name` field the root CEL rule's fieldPath refers to.
 */
function rootSchema(): { [key: string]: Json } {
  const root = toOpenApiSchema(ROOT_SCHEMA);
  const properties = root['properties'] as { [key: string]: Json };
  properties['metadata'] = { type: 'object', properties: { name: { type: 'string' } } };
  return root;
}

/** Builds the GdprJitsiMeet CustomResourceDefinition (apiextensions.k8s.io/v1). */
export function buildCrd(): { [key: string]: Json } {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: CRD_NAME,
      labels: { 'app.kubernetes.io/name': 'gdpr-jitsi-operator' },
      annotations: {
        // Argo CD: never prune the CRD (that would delete every instance), and sync it first.
        'argocd.argoproj.io/sync-options': 'Prune=false',
        'argocd.argoproj.io/sync-wave': '-1',
      },
    },
    spec: {
      group: API_GROUP,
      names: {
        kind: KIND,
        listKind: `${KIND}List`,
        plural: PLURAL,
        singular: SINGULAR,
        shortNames: [SHORT_NAME],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: API_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: rootSchema() },
          additionalPrinterColumns: [
            {
              name: 'Ready',
              type: 'string',
              description: 'Status of the Ready condition.',
              jsonPath: '.status.conditions[?(@.type=="Ready")].status',
            },
            {
              name: 'Domain',
              type: 'string',
              description: 'Public domain of the instance.',
              jsonPath: '.spec.domain',
            },
            {
              name: 'Regions',
              type: 'string',
              description: 'Regions the pods run in now.',
              jsonPath: '.status.residency.regionsInUse',
            },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
        },
      ],
    },
  };
}
