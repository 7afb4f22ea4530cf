/**
 * Compares the full render of three instances, with the real Jitsi configuration, with the
 * committed YAML in test/golden/resources. A change in the builders or in the generated Jitsi
 * configuration shows up here. After an intended change, refresh the files and review the diff:
 *
 *   UPDATE_GOLDEN=1 node --test test/unit/resources/golden.test.ts
 */

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { load } from 'js-yaml';

import { withDefaults } from '../../../src/api/with-defaults.ts';
import type { GdprJitsiMeet } from '../../../src/api/types.ts';
import { buildDesiredObjects } from '../../../src/resources/index.ts';
import { renderYaml } from '../../../src/resources/yaml.ts';
import { buildInput, effectiveSpec } from './fixtures.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const GOLDEN_DIR = join(HERE, '../../golden/resources');
const EXAMPLES_DIR = join(HERE, '../../../examples');
const update = process.env['UPDATE_GOLDEN'] === '1';

function checkGolden(file: string, actual: string): void {
  const path = join(GOLDEN_DIR, file);
  if (update) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `${path} is missing; run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `${file} differs; rerun with UPDATE_GOLDEN=1 if intended`,
  );
}

describe('golden render', () => {
  it('renders the basic example', () => {
    const example = load(readFileSync(join(EXAMPLES_DIR, 'basic.yaml'), 'utf8')) as GdprJitsiMeet;
    const input = buildInput({
      instance: {
        name: example.metadata.name,
        namespace: 'jitsi',
        uid: 'uid-of-meet',
        generation: 1,
      },
      spec: withDefaults(example.spec),
    });
    checkGolden('example-basic.yaml', renderYaml(buildDesiredObjects(input)));
  });

  it('renders a basic instance', () => {
    checkGolden('basic.yaml', renderYaml(buildDesiredObjects(buildInput())));
  });

  it('renders an HTTPRoute instance', () => {
    const spec = effectiveSpec({
      ingress: {
        mode: 'HTTPRoute',
        annotations: {},
        controller: {},
        gateway: { name: 'public', namespace: 'gateways' },
      },
      tls: {},
      dataDeletionPolicy: 'Delete',
      scheduling: {
        tolerations: [
          { key: 'dedicated', operator: 'Equal', value: 'jitsi', effect: 'NoSchedule' },
        ],
        nodeSelector: { 'pool.example.eu/media': 'true' },
        priorityClassName: 'meetings',
        imagePullSecrets: [{ name: 'registry-eu' }],
      },
    });
    checkGolden('httproute.yaml', renderYaml(buildDesiredObjects(buildInput({ spec }))));
  });
});
