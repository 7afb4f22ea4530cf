/**
 * Pure builders of every Kubernetes object an instance owns, except the values of the generated
 * Secret, which the writer creates at run time. The controller and the CLI's `render` command
 * both call `buildDesiredObjects`, so what `render` prints is what the operator applies.
 */
import { renderJitsiConfig } from '../jitsi-config/index.ts';
import { buildObjectsFromConfig, type BuildInput } from './build.ts';
import type { DesiredObject } from './context.ts';

export { buildObjectsFromConfig, KIND_ORDER, sortObjects, type BuildInput } from './build.ts';
export type { DesiredObject } from './context.ts';
export { instanceSelector, selectorLabels } from './labels.ts';
export { renderYaml } from './yaml.ts';

/** Builds every child object of one instance, sorted by kind and name, with sorted keys. */
export function buildDesiredObjects(input: BuildInput): DesiredObject[] {
  const rendered = renderJitsiConfig({
    name: input.instance.name,
    namespace: input.instance.namespace,
    spec: input.spec,
    ...(input.now !== undefined && { now: input.now }),
  });
  return buildObjectsFromConfig(input, rendered);
}
