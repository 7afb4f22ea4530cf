import type { Component, EffectiveSpec, IngressControllerRef } from '../api/types.ts';
import type { BuildInput } from './build.ts';
import { childMetadata, type BuildContext, type DesiredObject } from './context.ts';
import { IMAGE_FACTS } from './image-facts.ts';
import { instanceSelector, LABELS, selectorLabels } from './labels.ts';

/**
 * NetworkPolicies of one instance: a default deny for every pod of the instance, then one policy
 * per flow group that Jitsi needs. `docs/traffic-matrix.md` lists every flow with its reason, and
 * a test checks the built policies against that matrix with an evaluator written apart from
 * these builders.
 *
 * Facts the flows rest on (jitsi/docker-jitsi-meet images `stable-11146` and later):
 * - Jicofo and the videobridge log in to Prosody as XMPP clients on 5222
 *   (`jicofo/rootfs/defaults/jicofo.conf`: `xmpp.client.port`, default 5222;
 *   `jvb/rootfs/defaults/jvb.conf`: `apis.xmpp-client` with the default port).
 * - Prosody opens no external component port: `prosody/rootfs/defaults/prosody.cfg.lua` sets
 *   `component_ports = { }`, so 5347 is not admitted.
 * - Jicofo reaches the bridges with colibri2 IQs over its XMPP connection, through Prosody
 *   (jitsi/jicofo `jicofo-selector/.../bridge/colibri/ColibriV2SessionManager.kt` sends every
 *   request on the XMPP connection it is given). Jicofo never connects to the bridge's 8080.
 * - The web container proxies BOSH and the XMPP websocket to Prosody's HTTP port 5280. Colibri
 *   websockets to the bridge were removed in `stable-11146`.
 *
 * Implementations always admit traffic between a pod and its own node (kubelet probes) and the
 * replies of admitted connections, so neither needs a rule.
 */

/** Label that the API server sets on every Namespace to its name (Kubernetes 1.22 and later). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The cluster DNS pods, as kubeadm and most distributions label them.
 * NOTE: clusters with NodeLocal DNSCache resolve through a link-local address on the node.
 * This selector does not cover it, so such clusters need an extra egress policy.
 */
const CLUSTER_DNS = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } } as const;

/**
 * Every namespace. An empty `namespaceSelector: {}` means the same, but the canonical form of
 * built objects drops empty mappings, and a peer without selectors would mean "anywhere".
 */
const ALL_NAMESPACES: LabelSelector = {
  matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'Exists' }],
};

const ANY_IPV4 = '0.0.0.0/0';
const ANY_IPV6 = '::/0';

/** The Jitsi components that take part in the flows; the retention job pod is not one of them. */
const JITSI_COMPONENTS: readonly Component[] = ['jicofo', 'jvb', 'prosody', 'web'];

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'Exists'; values?: string[] }[];
}

export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface PolicyPort {
  protocol: 'TCP' | 'UDP';
  port: number;
}

export interface PolicyRule {
  peers: PolicyPeer[];
  ports: PolicyPort[];
}

/** Builds every NetworkPolicy of one instance, in a fixed order. */
export function buildNetworkPolicies(input: BuildInput): DesiredObject[] {
  const ctx = contextOf(input);
  return [
    buildDefaultDeny(ctx),
    buildDnsPolicy(ctx),
    buildWebPolicy(ctx),
    buildProsodyPolicy(ctx),
    buildJicofoPolicy(ctx),
    buildJvbPolicy(ctx),
  ];
}

/** Name of each NetworkPolicy: `<instance>-<suffix>`, at most 53 characters. */
export const networkPolicyNames = (instance: string) => ({
  defaultDeny: `${instance}-default-deny`,
  dns: `${instance}-dns`,
  component: (component: Component) => `${instance}-${component}`,
});

/**
 * Denies all ingress and egress of every pod that carries the instance's selector labels, the
 * retention job included. A pod of another instance never carries them, so two instances in one
 * namespace stay apart.
 */
function buildDefaultDeny(ctx: BuildContext): DesiredObject {
  const name = networkPolicyNames(ctx.instance.name).defaultDeny;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: childMetadata(ctx, name, undefined),
    spec: {
      podSelector: { matchLabels: instanceSelector(ctx.instance.name) },
      policyTypes: ['Ingress', 'Egress'],
    },
  };
}

/** Lets the Jitsi pods resolve names through the cluster DNS, on UDP and TCP 53. */
function buildDnsPolicy(ctx: BuildContext): DesiredObject {
  const dns: PolicyPeer = {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: CLUSTER_DNS.namespace } },
    podSelector: { matchLabels: { ...CLUSTER_DNS.podLabels } },
  };
  const selector: LabelSelector = {
    matchLabels: instanceSelector(ctx.instance.name),
    matchExpressions: [{ key: LABELS.component, operator: 'In', values: [...JITSI_COMPONENTS] }],
  };
  const rule = {
    peers: [dns],
    ports: [
      { protocol: 'TCP', port: 53 },
      { protocol: 'UDP', port: 53 },
    ],
  } satisfies PolicyRule;
  return policy(ctx, networkPolicyNames(ctx.instance.name).dns, undefined, selector, [], [rule]);
}

/** Web: HTTP 8000 from the ingress controller; BOSH and websocket to Prosody on 5280. */
function buildWebPolicy(ctx: BuildContext): DesiredObject {
  const instance = ctx.instance.name;
  const ingress: PolicyRule = {
    peers: ingressControllerPeers(ctx.spec.ingress.controller),
    ports: [tcp('web', 'http')],
  };
  const egress: PolicyRule = {
    peers: [componentPeer(instance, 'prosody')],
    ports: [tcp('prosody', 'http')],
  };
  return componentPolicy(ctx, 'web', [ingress], [egress]);
}

/** Prosody: HTTP 5280 from web, XMPP client connections on 5222 from Jicofo and the bridge. */
function buildProsodyPolicy(ctx: BuildContext): DesiredObject {
  const instance = ctx.instance.name;
  const ingress: PolicyRule[] = [
    { peers: [componentPeer(instance, 'web')], ports: [tcp('prosody', 'http')] },
    {
      peers: [componentPeer(instance, 'jicofo'), componentPeer(instance, 'jvb')],
      ports: [tcp('prosody', 'xmpp-c2s')],
    },
  ];
  return componentPolicy(ctx, 'prosody', ingress, []);
}

/** Jicofo: XMPP to Prosody; its REST port (health and `/metrics`) from the monitoring namespace. */
function buildJicofoPolicy(ctx: BuildContext): DesiredObject {
  const egress: PolicyRule = {
    peers: [componentPeer(ctx.instance.name, 'prosody')],
    ports: [tcp('prosody', 'xmpp-c2s')],
  };
  return componentPolicy(ctx, 'jicofo', monitoringRules(ctx.spec, 'jicofo'), [egress]);
}

/**
 * Videobridge: the UDP media port from every IPv4 and IPv6 address, XMPP to Prosody, and the
 * private HTTP port (health and `/metrics`) from the monitoring namespace.
 *
 * There is no egress rule for media: the bridge's packets to a client are replies of the flow
 * the client's ICE connectivity checks opened. STUN discovery is off in the rendered
 * configuration, so the bridge opens no flow of its own to the internet.
 * NOTE: a check the bridge sends before the client's first packet arrives is dropped. ICE then
 * succeeds on the pair the client opened; this was reasoned from ICE, not tried with a client.
 */
function buildJvbPolicy(ctx: BuildContext): DesiredObject {
  const media: PolicyRule = {
    peers: [{ ipBlock: { cidr: ANY_IPV4 } }, { ipBlock: { cidr: ANY_IPV6 } }],
    ports: [{ protocol: 'UDP', port: ctx.spec.jvb.udpPort }],
  };
  const ingress = [media, ...turnRelayRules(), ...monitoringRules(ctx.spec, 'jvb')];
  const egress: PolicyRule = {
    peers: [componentPeer(ctx.instance.name, 'prosody')],
    ports: [tcp('prosody', 'xmpp-c2s')],
  };
  return componentPolicy(ctx, 'jvb', ingress, [egress]);
}

/**
 * Extension point for TURN: rules that admit a TURN server relaying media to the bridge.
 * TODO: the spec has no TURN settings yet. When they land, take them as a parameter and admit
 * the relay on the media port here: by pod selector when it runs in the cluster, because
 * `ipBlock` does not reliably match pod addresses. Give the TURN server a policy of its own.
 */
function turnRelayRules(): PolicyRule[] {
  return [];
}

/**
 * Admits the component's HTTP port (health and `/metrics`) from every pod of
 * `spec.monitoring.namespace`, or returns no rule when it is unset.
 */
function monitoringRules(spec: EffectiveSpec, component: 'jicofo' | 'jvb'): PolicyRule[] {
  const namespace = spec.monitoring.namespace;
  if (namespace === undefined || namespace === '') return [];
  return [
    {
      peers: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } }],
      ports: [tcp(component, 'http')],
    },
  ];
}

/**
 * Peers that may reach the web port, from `spec.ingress.controller`:
 * - namespace and pod labels: those pods in that namespace;
 * - namespace only: every pod of that namespace;
 * - pod labels only: pods with those labels in any namespace, because a controller seldom runs
 *   in the instance's namespace;
 * - neither: every pod of every namespace.
 * Addresses outside the cluster are never admitted, so a load balancer that sends straight to
 * pod addresses (not through controller pods) is not supported.
 */
export function ingressControllerPeers(controller: IngressControllerRef): PolicyPeer[] {
  const namespace = controller.namespace;
  const labels = controller.podSelector?.matchLabels ?? {};
  const namespaceSelector =
    namespace === undefined || namespace === ''
      ? ALL_NAMESPACES
      : { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } };
  if (Object.keys(labels).length === 0) return [{ namespaceSelector }];
  return [{ namespaceSelector, podSelector: { matchLabels: { ...labels } } }];
}

function componentPeer(instance: string, component: Component): PolicyPeer {
  return { podSelector: { matchLabels: selectorLabels(instance, component) } };
}

/** TCP port of a component's container port, by name, from the image facts. */
function tcp(component: Component, portName: string): PolicyPort {
  const fact = IMAGE_FACTS[component].ports.find((p) => p.name === portName);
  if (fact === undefined) {
    throw new Error(
      `image facts of ${component} declare no port named "${portName}"; ` +
        'add it to IMAGE_FACTS in src/resources/image-facts.ts or use a declared name',
    );
  }
  return { protocol: 'TCP', port: fact.containerPort };
}

function componentPolicy(
  ctx: BuildContext,
  component: Component,
  ingress: PolicyRule[],
  egress: PolicyRule[],
): DesiredObject {
  const selector = { matchLabels: selectorLabels(ctx.instance.name, component) };
  const name = networkPolicyNames(ctx.instance.name).component(component);
  return policy(ctx, name, component, selector, ingress, egress);
}

/**
 * Builds one NetworkPolicy. `policyTypes` lists only the directions that have rules, because the
 * default deny already isolates both. A rule with no peer is rejected here: the API reads an
 * absent peer list as "every source", the opposite of what an empty list would suggest.
 */
function policy(
  ctx: BuildContext,
  name: string,
  component: Component | undefined,
  podSelector: LabelSelector,
  ingress: PolicyRule[],
  egress: PolicyRule[],
): DesiredObject {
  for (const rule of [...ingress, ...egress]) {
    if (rule.peers.length === 0 || rule.ports.length === 0) {
      throw new Error(
        `NetworkPolicy ${name} has a rule without peers or ports, which would admit every ` +
          'source or port; give each rule at least one peer and one port',
      );
    }
  }
  const policyTypes = [
    ...(ingress.length > 0 ? ['Ingress'] : []),
    ...(egress.length > 0 ? ['Egress'] : []),
  ];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: childMetadata(ctx, name, component),
    spec: {
      podSelector,
      policyTypes,
      ingress: ingress.map((r) => ({ from: r.peers, ports: r.ports })),
      egress: egress.map((r) => ({ to: r.peers, ports: r.ports })),
    },
  };
}

function contextOf(input: BuildInput): BuildContext {
  return {
    instance: {
      name: input.instance.name,
      namespace: input.instance.namespace,
      uid: input.instance.uid,
    },
    spec: input.spec,
    operatorVersion: input.operator.version,
  };
}
