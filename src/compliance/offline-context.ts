/**
 * Builds a compliance context from a GdprJitsiMeet without a cluster: the objects are the ones
 * the operator would apply, rendered by the same builders.
 */
import { validateSpec, withDefaults } from '../api/index.ts';
import type { GdprJitsiMeet } from '../api/types.ts';
import { buildDesiredObjects } from '../resources/index.ts';
import type { ComplianceContext } from './types.ts';

/** Renders an instance's objects; throws an error listing every invalid field. */
export function renderedContext(
  instance: GdprJitsiMeet,
  operatorVersion: string,
): ComplianceContext {
  const issues = validateSpec(instance);
  if (issues.length > 0) {
    const lines = issues.map((i) => `  ${i.field}: ${i.message}`).join('\n');
    throw new Error(`GdprJitsiMeet ${instance.metadata.name} is invalid:\n${lines}`);
  }
  const spec = withDefaults(instance.spec);
  const objects = buildDesiredObjects({
    instance: { name: instance.metadata.name, namespace: instance.metadata.namespace, uid: '' },
    spec,
    operator: { version: operatorVersion },
  });
  return {
    instance: { name: instance.metadata.name, namespace: instance.metadata.namespace },
    spec,
    objects,
    relaxations: {},
  };
}
