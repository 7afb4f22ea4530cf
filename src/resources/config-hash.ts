import { createHash } from 'node:crypto';

import { canonicalize, compareStrings } from './canonical.ts';
import type { RenderedComponentConfig } from './rendered-config.ts';

/** Length of the hash in hex characters (128 bits). */
const HASH_LENGTH = 32;

/**
 * Hash of everything that shapes one component's pods: its rendered files, environment and
 * Secret references, and its pod spec as built (image, resources, placement, security, probes).
 *
 * The files are the part that matters: they reach the pod through a ConfigMap, so changing them
 * alone would not change the pod template, and pods mounting files by `subPath` never see
 * updates. Putting the hash on the pod template rolls exactly the pods whose inputs changed.
 * Nothing else goes in: no operator version, time or random value, so an operator upgrade that
 * builds the same pods restarts none. Secret values are not part of it either; the writer creates
 * them once and never changes them.
 *
 * Returns lowercase hex SHA-256, truncated to 32 characters.
 */
export function computeConfigHash(config: RenderedComponentConfig, podSpec: unknown): string {
  const files = [...config.files]
    .sort((a, b) => compareStrings(a.key, b.key))
    .map((f) => ({ key: f.key, mountPath: f.mountPath, content: f.content }));
  const input = canonicalize({
    env: config.env,
    secretEnv: config.secretEnv,
    files,
    podSpec,
  });
  return createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, HASH_LENGTH);
}
