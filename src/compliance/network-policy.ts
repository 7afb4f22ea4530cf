/**
 * Reading NetworkPolicies the way the Kubernetes network policy API defines them: which pods a
 * policy selects, which directions it isolates, and which peers and ports its rules allow. A
 * pod selected by any policy of a direction accepts only what some rule of that direction allows.
 */
import type { ComplianceContext, KubeObject } from './types.ts';
import { containersOf, viewOf } from './view.ts';

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyRule {
  ports?: PolicyPort[];
  from?: PolicyPeer[];
  to?: PolicyPeer[];
}

interface PolicySpec {
  podSelector?: LabelSelector;
  policyTypes?: string[];
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
}

export type Direction = 'Ingress' | 'Egress';

/** A container port of a component, as a policy may name it. */
export interface PodPort {
  port: number;
  name?: string;
  protocol: string;
}

/**
 * Returns the NetworkPolicies in force: the live ones when the operator read the cluster, else the
 * rendered ones. Policies of other namespaces never apply to the instance's pods.
 */
export function networkPolicies(context: ComplianceContext): KubeObject[] {
  const live = context.live?.networkPolicies;
  const policies = live ?? context.objects.filter((o) => o.kind === 'NetworkPolicy');
  return policies.filter(
    (p) =>
      p.metadata.namespace === undefined || p.metadata.namespace === context.instance.namespace,
  );
}

function specOf(policy: KubeObject): PolicySpec {
  const spec = policy['spec'] as PolicySpec | undefined;
  return spec ?? {};
}

/** Directions a policy isolates; without `policyTypes`, Egress only when it has egress rules. */
export function policyTypes(policy: KubeObject): Direction[] {
  const spec = specOf(policy);
  if (spec.policyTypes !== undefined) return spec.policyTypes.filter(isDirection);
  return spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
}

function isDirection(value: string): value is Direction {
  return value === 'Ingress' || value === 'Egress';
}

export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (selector === undefined) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, expr.key);
    const value = labels[expr.key] ?? '';
    const values = expr.values ?? [];
    if (expr.operator === 'In' && !(has && values.includes(value))) return false;
    if (expr.operator === 'NotIn' && has && values.includes(value)) return false;
    if (expr.operator === 'Exists' && !has) return false;
    if (expr.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** Pod labels of a component, from its workload's pod template. */
export function componentPodLabels(
  context: ComplianceContext,
  component: string,
): Record<string, string> | undefined {
  return viewOf(context).workloads.find((w) => w.component === component)?.podLabels;
}

/** Container ports of a component's pods. */
export function componentPorts(context: ComplianceContext, component: string): PodPort[] {
  const workload = viewOf(context).workloads.find((w) => w.component === component);
  if (workload === undefined) return [];
  return containersOf(workload.podSpec, false).flatMap((c) =>
    (c.ports ?? []).map((p) => ({
      port: p.containerPort,
      name: p.name,
      protocol: p.protocol ?? 'TCP',
    })),
  );
}

/** Policies that select a component's pods and isolate the given direction. */
export function isolatingPolicies(
  context: ComplianceContext,
  component: string,
  direction: Direction,
): KubeObject[] {
  const labels = componentPodLabels(context, component);
  if (labels === undefined) return [];
  return networkPolicies(context).filter(
    (p) => policyTypes(p).includes(direction) && selectorMatches(specOf(p).podSelector, labels),
  );
}

function rulesOf(policy: KubeObject, direction: Direction): PolicyRule[] {
  const spec = specOf(policy);
  return (direction === 'Ingress' ? spec.ingress : spec.egress) ?? [];
}

function peersOf(rule: PolicyRule, direction: Direction): PolicyPeer[] {
  return (direction === 'Ingress' ? rule.from : rule.to) ?? [];
}

/** True for a peer that stands for every address, or every pod of every namespace. */
function peerIsAnywhere(peer: PolicyPeer): boolean {
  const cidr = peer.ipBlock?.cidr;
  if (cidr === '0.0.0.0/0' || cidr === '::/0') return true;
  const ns = peer.namespaceSelector;
  const emptyNs =
    ns !== undefined &&
    Object.keys(ns.matchLabels ?? {}).length === 0 &&
    (ns.matchExpressions ?? []).length === 0;
  return emptyNs && peer.podSelector === undefined;
}

function portMatches(rulePort: PolicyPort, port: PodPort): boolean {
  if ((rulePort.protocol ?? 'TCP') !== port.protocol) return false;
  if (rulePort.port === undefined) return true;
  if (typeof rulePort.port === 'string') return rulePort.port === port.name;
  const end = rulePort.endPort ?? rulePort.port;
  return port.port >= rulePort.port && port.port <= end;
}

/**
 * Rules of the component's isolating policies that let anyone reach `port` (ingress): no peer
 * list, or a peer for all addresses or all namespaces. Empty when the port is protected.
 */
export function openIngressRules(
  context: ComplianceContext,
  component: string,
  port: PodPort,
): string[] {
  return isolatingPolicies(context, component, 'Ingress').flatMap((policy) =>
    rulesOf(policy, 'Ingress')
      .filter(
        (rule) =>
          (rule.ports ?? []).length === 0 || (rule.ports ?? []).some((p) => portMatches(p, port)),
      )
      .filter(
        (rule) =>
          peersOf(rule, 'Ingress').length === 0 || peersOf(rule, 'Ingress').some(peerIsAnywhere),
      )
      .map((rule) => `NetworkPolicy ${policy.metadata.name}: ${describeRule(rule, 'Ingress')}`),
  );
}

/** Egress rules that allow every destination on every port: they leave egress unrestricted. */
export function unrestrictedEgressRules(policy: KubeObject): string[] {
  return rulesOf(policy, 'Egress')
    .filter((rule) => (rule.ports ?? []).length === 0)
    .filter(
      (rule) =>
        peersOf(rule, 'Egress').length === 0 || peersOf(rule, 'Egress').some(peerIsAnywhere),
    )
    .map((rule) => describeRule(rule, 'Egress'));
}

/** Describes each rule in one line, e.g. `egress UDP/10000 to 0.0.0.0/0`. */
export function describeRules(policy: KubeObject, direction: Direction): string[] {
  const rules = rulesOf(policy, direction);
  if (rules.length === 0) return [`${direction.toLowerCase()} denied`];
  return rules.map((rule) => describeRule(rule, direction));
}

function describeRule(rule: PolicyRule, direction: Direction): string {
  const ports = (rule.ports ?? []).map((p) => {
    const port =
      p.port === undefined
        ? 'all'
        : p.endPort !== undefined
          ? `${p.port}-${p.endPort}`
          : String(p.port);
    return `${p.protocol ?? 'TCP'}/${port}`;
  });
  const peers = peersOf(rule, direction).map(describePeer);
  const word = direction === 'Ingress' ? 'from' : 'to';
  return `${direction.toLowerCase()} ${ports.length === 0 ? 'all ports' : ports.join(',')} ${word} ${peers.length === 0 ? 'anywhere' : peers.join(' or ')}`;
}

function describePeer(peer: PolicyPeer): string {
  if (peer.ipBlock) {
    const except = peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(',')}` : '';
    return `${peer.ipBlock.cidr}${except}`;
  }
  const parts: string[] = [];
  if (peer.namespaceSelector) parts.push(`namespaces ${describeSelector(peer.namespaceSelector)}`);
  if (peer.podSelector) parts.push(`pods ${describeSelector(peer.podSelector)}`);
  return parts.join(' / ');
}

function describeSelector(selector: LabelSelector): string {
  const labels = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const exprs = (selector.matchExpressions ?? []).map((e) =>
    `${e.key} ${e.operator} ${(e.values ?? []).join(',')}`.trim(),
  );
  const all = [...labels, ...exprs];
  return all.length === 0 ? '(all)' : all.join(',');
}
