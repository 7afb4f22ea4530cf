import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Component } from '../../../src/api/types.ts';
import { buildObjectsFromConfig } from '../../../src/resources/build.ts';
import type { DesiredObject } from '../../../src/resources/context.ts';
import { CONFIG_HASH_ANNOTATION } from '../../../src/resources/labels.ts';
import type {
  RenderedComponentConfig,
  RenderedConfig,
  RenderedFile,
} from '../../../src/resources/rendered-config.ts';
import { buildInput, effectiveSpec, renderedConfig } from './fixtures.ts';
import { podTemplates } from './helpers.ts';

/** First rendered file of a component; the fixtures give every component one. */
function firstFile(config: RenderedComponentConfig): RenderedFile {
  return config.files[0] ?? assert.fail('fixture component has no file');
}

function hashes(objects: DesiredObject[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, template] of podTemplates(objects)) {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-member-access -- built objects are untyped mappings
    out[name] = String(template['metadata']['annotations'][CONFIG_HASH_ANNOTATION]);
  }
  return out;
}

function changedWorkloads(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before)
    .filter((name) => before[name] !== after[name])
    .sort();
}

const base = () => hashes(buildObjectsFromConfig(buildInput(), renderedConfig()));

describe('config hash', () => {
  it('is a 32-character hex string on every pod template', () => {
    for (const [name, hash] of Object.entries(base())) {
      assert.match(hash, /^[0-9a-f]{32}$/, name);
    }
  });

  it('is the same for the same input', () => {
    assert.deepEqual(base(), base());
  });

  it('does not change with the operator version', () => {
    const upgraded = hashes(
      buildObjectsFromConfig(buildInput({ operator: { version: '9.9.9' } }), renderedConfig()),
    );
    assert.deepEqual(upgraded, base());
  });

  const configChanges: {
    name: string;
    component: Component;
    change: (c: RenderedConfig) => void;
  }[] = [
    {
      name: 'a file',
      component: 'web',
      change: (c) => {
        firstFile(c.web).content += '// more\n';
      },
    },
    {
      name: 'an env value',
      component: 'prosody',
      change: (c) => {
        c.prosody.env['XMPP_DOMAIN'] = 'x.jitsi';
      },
    },
    {
      name: 'a secret reference',
      component: 'jicofo',
      change: (c) => {
        c.jicofo.secretEnv['EXTRA'] = 'jvb-auth-password';
      },
    },
    {
      name: 'a mount path',
      component: 'jvb',
      change: (c) => {
        firstFile(c.jvb).mountPath = '/config/other.conf';
      },
    },
  ];
  for (const c of configChanges) {
    it(`rolls only ${c.component} when ${c.name} changes`, () => {
      const rendered = renderedConfig();
      c.change(rendered);
      const after = hashes(buildObjectsFromConfig(buildInput(), rendered));
      assert.deepEqual(changedWorkloads(base(), after), [`basic-${c.component}`]);
    });
  }

  it('rolls only the JVB when its UDP port changes', () => {
    const spec = effectiveSpec({ jvb: { udpPort: 10001 } });
    const after = hashes(buildObjectsFromConfig(buildInput({ spec }), renderedConfig()));
    assert.deepEqual(changedWorkloads(base(), after), ['basic-jvb']);
  });

  it('rolls only prosody when its image changes', () => {
    const spec = effectiveSpec();
    spec.image.refs.prosody = 'registry.example.eu/jitsi/prosody:stable-11146-3';
    const after = hashes(buildObjectsFromConfig(buildInput({ spec }), renderedConfig()));
    assert.deepEqual(changedWorkloads(base(), after), ['basic-prosody']);
  });

  it('rolls every pod when the allowed regions change', () => {
    const spec = effectiveSpec();
    spec.residency.allowedRegions = ['eu-north-1'];
    const after = hashes(buildObjectsFromConfig(buildInput({ spec }), renderedConfig()));
    assert.deepEqual(changedWorkloads(base(), after), [
      'basic-jicofo',
      'basic-jvb',
      'basic-prosody',
      'basic-web',
    ]);
  });

  it('ignores the order of files and variables', () => {
    const rendered = renderedConfig();
    rendered.prosody.files.unshift({ key: 'a.lua', mountPath: '/config/a.lua', content: '' });
    const reordered = renderedConfig();
    reordered.prosody.files.push({ key: 'a.lua', mountPath: '/config/a.lua', content: '' });
    reordered.prosody.env = Object.fromEntries(Object.entries(reordered.prosody.env).reverse());
    assert.deepEqual(
      hashes(buildObjectsFromConfig(buildInput(), rendered)),
      hashes(buildObjectsFromConfig(buildInput(), reordered)),
    );
  });
});
