import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { updateApiDoc } from '../../../src/api/api-doc.ts';
import { buildCrd, toOpenApiSchema } from '../../../src/api/crd.ts';
import { CRD_FILE, GENERATE_COMMAND, renderCrdYaml } from '../../../src/api/crd-yaml.ts';
import { ROOT_SCHEMA, SPEC_SCHEMA } from '../../../src/api/schema.ts';
import type { SchemaNode } from '../../../src/api/schema-node.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Yields every schema node below `node` with its path, e.g. `spec.residency.allowedRegions[*]`. */
function* walk(node: SchemaNode, path: string): Generator<[string, SchemaNode]> {
  yield [path, node];
  for (const [key, child] of Object.entries(node.properties ?? {}))
    yield* walk(child, `${path}.${key}`);
  if (node.additionalProperties) yield* walk(node.additionalProperties, `${path}[*]`);
  if (node.items) yield* walk(node.items, `${path}[*]`);
}

/** Returns true when `fieldPath` (`.a.b`) names declared properties below `node`. */
function resolves(node: SchemaNode, fieldPath: string): boolean {
  let current: SchemaNode | undefined = node;
  for (const part of fieldPath.split('.').slice(1)) current = current?.properties?.[part];
  return current !== undefined;
}

describe('generated CRD', () => {
  test('committed file matches the schema source', async () => {
    const committed = await readFile(join(ROOT, CRD_FILE), 'utf8');
    assert.ok(
      committed === renderCrdYaml(),
      `${CRD_FILE} is out of date with src/api/schema*.ts; run \`${GENERATE_COMMAND}\` and commit the result`,
    );
  });

  test('docs/api.md tables match the schema and region lists', async () => {
    const committed = await readFile(join(ROOT, 'docs', 'api.md'), 'utf8');
    assert.ok(
      committed === updateApiDoc(committed),
      `the generated tables in docs/api.md are out of date; run \`${GENERATE_COMMAND}\` and commit the result`,
    );
  });

  test('rendering twice gives the same bytes', () => {
    assert.equal(renderCrdYaml(), renderCrdYaml());
  });

  test('committed file parses back to the built object', async () => {
    const committed = load(await readFile(join(ROOT, CRD_FILE), 'utf8'));
    assert.deepEqual(committed, buildCrd());
  });

  test('names, scope and version', () => {
    const crd = buildCrd() as { spec: Record<string, unknown>; metadata: { name: string } };
    assert.equal(crd.metadata.name, 'gdprjitsimeets.gdprmeet.io');
    assert.equal(crd.spec['group'], 'gdprmeet.io');
    assert.equal(crd.spec['scope'], 'Namespaced');
    assert.deepEqual(crd.spec['names'], {
      kind: 'GdprJitsiMeet',
      listKind: 'GdprJitsiMeetList',
      plural: 'gdprjitsimeets',
      singular: 'gdprjitsimeet',
      shortNames: ['gjm'],
    });
    const versions = crd.spec['versions'] as Record<string, unknown>[];
    assert.equal(versions.length, 1);
    const version = versions[0] ?? {};
    assert.equal(version['name'], 'v1alpha1');
    assert.equal(version['served'], true);
    assert.equal(version['storage'], true);
    assert.deepEqual(version['subresources'], { status: {} });
  });

  test('printer columns', () => {
    const crd = buildCrd() as {
      spec: { versions: { additionalPrinterColumns: Record<string, string>[] }[] };
    };
    const columns = crd.spec.versions[0]?.additionalPrinterColumns.map((c) => [
      c['name'],
      c['jsonPath'],
    ]);
    assert.deepEqual(columns, [
      ['Ready', '.status.conditions[?(@.type=="Ready")].status'],
      ['Domain', '.spec.domain'],
      ['Regions', '.status.residency.regionsInUse'],
      ['Age', '.metadata.creationTimestamp'],
    ]);
  });

  test('metadata carries nothing the API server forbids', () => {
    const schema = (
      buildCrd() as {
        spec: {
          versions: { schema: { openAPIV3Schema: { properties: Record<string, unknown> } } }[];
        };
      }
    ).spec.versions[0]?.schema.openAPIV3Schema;
    assert.deepEqual(schema?.properties['metadata'], {
      type: 'object',
      properties: { name: { type: 'string' } },
    });
  });

  test('no field keeps unknown fields', () => {
    const text = renderCrdYaml();
    assert.ok(!text.includes('x-kubernetes-preserve-unknown-fields'));
    assert.ok(!text.includes('additionalProperties: true'));
  });
});

describe('schema source', () => {
  test('every field has a description', () => {
    for (const [path, node] of walk(ROOT_SCHEMA, '')) {
      assert.ok(node.description.trim().length > 0, path);
    }
  });

  test('every stored default is stated in the description', () => {
    for (const [path, node] of walk(SPEC_SCHEMA, 'spec')) {
      const value = node.default;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        continue;
      assert.match(node.description, new RegExp(`Default: ${String(value)}\\b`), path);
    }
  });

  test('every optional spec field without a stored default states one', () => {
    const missing: string[] = [];
    for (const [path, node] of walk(SPEC_SCHEMA, 'spec')) {
      if (node.type !== 'object' || !node.properties) continue;
      for (const [key, child] of Object.entries(node.properties)) {
        if (node.required?.includes(key)) continue;
        const leaf = child.type !== 'object' || child.additionalProperties !== undefined;
        if (leaf && !/Default|default/.test(child.description)) missing.push(`${path}.${key}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  test('spec strings, lists and maps are bounded for the CEL cost estimate', () => {
    for (const [path, node] of walk(SPEC_SCHEMA, 'spec')) {
      if (node.type === 'string' && node.enum === undefined)
        assert.ok(node.maxLength !== undefined, `${path} maxLength`);
      if (node.type === 'array') assert.ok(node.maxItems !== undefined, `${path} maxItems`);
      if (node.additionalProperties)
        assert.ok(node.maxProperties !== undefined, `${path} maxProperties`);
    }
  });

  test('map lists name required keys', () => {
    for (const [path, node] of walk(ROOT_SCHEMA, '')) {
      if (node.listType !== 'map') continue;
      for (const key of node.listMapKeys ?? [])
        assert.ok(node.items?.required?.includes(key), `${path} ${key}`);
    }
  });

  test('CEL rules are single lines with a message and a resolvable fieldPath', () => {
    let count = 0;
    for (const [path, node] of walk(ROOT_SCHEMA, '')) {
      for (const r of node.rules ?? []) {
        count += 1;
        assert.ok(!r.rule.includes('\n'), `${path}: ${r.rule}`);
        assert.ok(r.message.length > 0, path);
        assert.ok(!r.message.includes('\n'), path);
        if (r.fieldPath !== undefined)
          assert.ok(resolves(node, r.fieldPath), `${path} ${r.fieldPath}`);
      }
    }
    assert.ok(count >= 18, `only ${count} rules found`);
  });

  test('rules render as x-kubernetes-validations', () => {
    const rendered = toOpenApiSchema(SPEC_SCHEMA);
    const residency = (rendered['properties'] as Record<string, Record<string, unknown>>)[
      'residency'
    ];
    const validations = residency?.['x-kubernetes-validations'] as Record<string, string>[];
    assert.ok(
      validations.some(
        (v) => v['fieldPath'] === '.allowedRegions' && v['rule']?.includes("'eu-central-1'"),
      ),
    );
  });
});
