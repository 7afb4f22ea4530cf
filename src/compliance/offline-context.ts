/**
 * Builds a compliance context from a GdprJitsiMeet without a cluster: the objects are the ones
 * the operator would apply, rendered by the same builders.
 */
import { checkSemantics, validateSpec, withDefaults } from '../api/index.ts';
import type { GdprJitsiMeet } from '../api/types.ts';
import { buildDesiredObjects } from '../resources/index.ts';
import { relaxationsFor } from './relaxations.ts';
import type { ComplianceContext } from './types.ts';

/**
 * Renders an instance's objects, or throws an error listing every invalid field. `now` is the
 * time the configuration is rendered for. It decides whether the troubleshooting window of
 * `spec.privacy.logging` is open, and without it the window counts as closed. Offline there are
 * no managed fields, so relaxations name their field but not who set it.
 */
export function renderedContext(
  instance: GdprJitsiMeet,
  operatorVersion: string,
  now?: Date,
): ComplianceContext {
  const issues = validateSpec(instance);
  if (issues.length > 0) {
    // Each message starts with its field path already.
    const lines = issues.map((i) => `  ${i.message}`).join('\n');
    throw new Error(`GdprJitsiMeet ${instance.metadata.name} is invalid:\n${lines}`);
  }
  const spec = withDefaults(instance.spec);
  const problems = checkSemantics(spec, now);
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p}`).join('\n');
    throw new Error(`GdprJitsiMeet ${instance.metadata.name} is invalid:\n${lines}`);
  }
  const objects = buildDesiredObjects({
    instance: { name: instance.metadata.name, namespace: instance.metadata.namespace, uid: '' },
    spec,
    operator: { version: operatorVersion },
    ...(now !== undefined && { now }),
  });
  return {
    instance: { name: instance.metadata.name, namespace: instance.metadata.namespace },
    spec,
    objects,
    relaxations: relaxationsFor(spec, undefined, now),
  };
}
