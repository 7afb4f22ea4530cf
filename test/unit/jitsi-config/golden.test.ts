/**
 * Compares every generated file, each component's environment and the privacy evidence for
 * `examples/basic.yaml` with the committed copies in test/golden/jitsi-config, stored as
 * `<component>/<ConfigMap key>.golden` so that linters leave the JavaScript copies alone. After
 * an intended change, refresh them and review the diff:
 *
 *   UPDATE_GOLDEN=1 node --test test/unit/jitsi-config/golden.test.ts
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { COMPONENTS } from '../../../src/api/types.ts';
import { renderPrivacyEvidence } from '../../../src/jitsi-config/index.ts';
import { basicInput, renderBasic } from './fixtures.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const GOLDEN_DIR = join(HERE, '../../golden/jitsi-config');
const update = process.env['UPDATE_GOLDEN'] === '1';

/** Golden file name to expected content, for the basic example. */
function renderedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const config = renderBasic();
  for (const component of COMPONENTS) {
    const { env, secretEnv } = config[component];
    const envLines = Object.entries(env).map(([name, value]) => `${name}=${value}`);
    const secretLines = Object.entries(secretEnv).map(([name, key]) => `${name}=<secret:${key}>`);
    files.set(`${component}/env.golden`, `${[...envLines, ...secretLines].join('\n')}\n`);
    for (const file of config[component].files) {
      files.set(`${component}/${file.key}.golden`, file.content);
    }
  }
  const evidence = renderPrivacyEvidence(basicInput());
  files.set('evidence.json.golden', `${JSON.stringify(evidence, null, 2)}\n`);
  return files;
}

function checkGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  if (update) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `${path} is missing; run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `${name} differs; rerun with UPDATE_GOLDEN=1 if intended`,
  );
}

describe('golden jitsi config', () => {
  const files = renderedFiles();

  for (const [name, content] of files) {
    it(`renders ${name}`, () => {
      checkGolden(name, content);
    });
  }

  it('has no stale golden files', { skip: update }, () => {
    const committed = COMPONENTS.flatMap((c) =>
      existsSync(join(GOLDEN_DIR, c))
        ? readdirSync(join(GOLDEN_DIR, c)).map((f) => `${c}/${f}`)
        : [],
    );
    assert.deepEqual(
      committed.filter((name) => !files.has(name)),
      [],
    );
  });
});
