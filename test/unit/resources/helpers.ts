/* eslint-disable @typescript-eslint/no-unsafe-member-access -- helpers walk built objects, which are untyped mappings */
import type { DesiredObject } from '../../../src/resources/context.ts';

/** Loose view of a built object for assertions. */
export type Tree = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-only view of untyped objects

export function workloads(objects: DesiredObject[]): DesiredObject[] {
  return objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
}

/** Pod template of every workload, keyed by workload name. */
export function podTemplates(objects: DesiredObject[]): [string, Tree][] {
  return workloads(objects).map((o) => [o.metadata.name, (o as Tree)['spec']['template'] as Tree]);
}

export function find(objects: DesiredObject[], kind: string, name: string): Tree {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in the built objects`);
  return found;
}

/** Returns every container of a pod spec, init containers included. */
export function allContainers(podSpec: Tree): Tree[] {
  return [
    ...((podSpec['initContainers'] as Tree[] | undefined) ?? []),
    ...(podSpec['containers'] as Tree[]),
  ];
}
