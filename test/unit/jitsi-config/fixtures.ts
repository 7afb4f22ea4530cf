import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { load } from 'js-yaml';

import type { Component, EffectiveSpec, GdprJitsiMeet } from '../../../src/api/types.ts';
import { withDefaults } from '../../../src/api/with-defaults.ts';
import {
  renderJitsiConfig,
  type ComponentConfig,
  type ConfigFile,
  type JitsiConfigInput,
} from '../../../src/jitsi-config/index.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Builds the input from `examples/basic.yaml` through `withDefaults`, in namespace `jitsi`. */
export function basicInput(): JitsiConfigInput {
  const path = join(HERE, '../../../examples/basic.yaml');
  const example = load(readFileSync(path, 'utf8')) as GdprJitsiMeet;
  return { name: example.metadata.name, namespace: 'jitsi', spec: withDefaults(example.spec) };
}

/** Returns the basic input with some spec fields replaced. */
export function inputWith(spec: Partial<EffectiveSpec>): JitsiConfigInput {
  const base = basicInput();
  return { ...base, spec: { ...base.spec, ...spec } };
}

export function renderBasic(): Record<Component, ComponentConfig> {
  return renderJitsiConfig(basicInput());
}

/** Render time of `relaxedInput`, inside its troubleshooting window. */
export const RELAXED_NOW = new Date('2026-09-01T10:00:00Z');

/**
 * The basic example with every relaxation field of `spec.auth` and `spec.privacy` turned on,
 * rendered at `RELAXED_NOW`.
 */
export function relaxedInput(): JitsiConfigInput {
  const path = join(HERE, '../../../examples/basic.yaml');
  const example = load(readFileSync(path, 'utf8')) as GdprJitsiMeet;
  const spec = withDefaults({
    ...example.spec,
    auth: { mode: 'None' },
    privacy: {
      peerToPeer: { enabled: true, stunServers: ['stun.example.org:3478', 'meet.example.eu'] },
      logging: {
        prosody: 'Debug',
        videobridge: 'Debug',
        jicofo: 'Debug',
        until: '2026-09-02T10:00:00Z',
      },
      webAccessLog: true,
      recentMeetings: true,
      requireDisplayName: true,
    },
  });
  return { name: example.metadata.name, namespace: 'jitsi', spec, now: RELAXED_NOW };
}

export function renderRelaxed(): Record<Component, ComponentConfig> {
  return renderJitsiConfig(relaxedInput());
}

/** Returns the rendered file `key`, and throws when the component has no such file. */
export function fileOf(config: ComponentConfig, key: string): ConfigFile {
  const file = config.files.find((f) => f.key === key);
  if (file === undefined) {
    throw new Error(`no file "${key}"; rendered: ${config.files.map((f) => f.key).join(', ')}`);
  }
  return file;
}
