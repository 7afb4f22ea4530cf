import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { KubeConfig } from '@kubernetes/client-node';
import { API_GROUP_VERSION, KIND, type GdprJitsiMeet } from '../api/types.ts';
import { LABELS, LABEL_VALUES } from '../resources/labels.ts';
import { OPTIONAL_OWNED_KINDS, OWNED_KINDS } from './owned-kinds.ts';
import { Applier } from '../runtime/apply.ts';
import { Controller, keyOf } from '../runtime/controller.ts';
import { EventRecorder } from '../runtime/events.ts';
import { startHttpServer } from '../runtime/http-server.ts';
import {
  Informer,
  NamespacedCache,
  type Cache,
  type InformerOptions,
} from '../runtime/informer.ts';
import { KubeClient, type KubeObject } from '../runtime/kube-client.ts';
import { LeaderElector } from '../runtime/leader-election.ts';
import { createMetrics, type OperatorMetrics } from '../runtime/metrics.ts';
import { createReconciler } from './reconcile.ts';
import { recordRetainedData } from './data-deletion.ts';

export const CONTROLLER_NAME = 'gdprjitsimeet';
const NETWORK_POLICY_KEY = 'networking.k8s.io/v1/NetworkPolicy';

export interface OperatorOptions {
  /** Path of a kubeconfig; undefined uses KUBECONFIG, then the in-cluster service account. */
  kubeconfig?: string;
  /** Namespaces to watch; empty watches the whole cluster. */
  namespaces: string[];
  leaderElection: { enabled: boolean; namespace: string; name: string; identity: string };
  /** Address and port of the health and metrics server. */
  listenAddress: string;
  listenPort: number;
  workers: number;
  /** Period of the full resync, in milliseconds. */
  resyncMs: number;
  fieldManager: string;
  version: string;
  /** Image of the operator, which the retention CronJobs run; undefined uses the release image. */
  image?: string;
}

export const DEFAULT_OPTIONS: Omit<OperatorOptions, 'version'> = {
  namespaces: [],
  leaderElection: {
    enabled: false,
    namespace: 'gdpr-jitsi-system',
    name: 'gdpr-jitsi-operator-leader',
    // The host name alone is not unique when two processes run on one host (or a pod restarts
    // and the old Lease holder record remains), so a random suffix follows it, as client-go does.
    identity: `${hostname()}_${randomUUID()}`,
  },
  listenAddress: '0.0.0.0',
  listenPort: 8080,
  workers: 2,
  resyncMs: 10 * 60 * 1000,
  fieldManager: 'gdpr-jitsi-operator',
};

export interface RunningOperator {
  metrics: OperatorMetrics;
  server: Server;
  stop: () => Promise<void>;
  /** Resolves when the operator stops working on its own (leader lease lost). */
  lost: Promise<void>;
}

export function loadKubeConfig(path: string | undefined): KubeConfig {
  const config = new KubeConfig();
  if (path) config.loadFromFile(path);
  else config.loadFromDefault();
  return config;
}

/**
 * Starts the operator: health and metrics server first, then leader election, then informers and
 * workers once this process leads. A standby reports ready (it is healthy, just not leading).
 */
export async function startOperator(
  options: OperatorOptions,
  log: Logger,
): Promise<RunningOperator> {
  const metrics = createMetrics();
  const client = new KubeClient(loadKubeConfig(options.kubeconfig), metrics);
  const served = await servedOptionalKinds(client, log);
  const caches = createCaches(client, options, served, log);
  const events = new EventRecorder(
    client,
    options.fieldManager,
    options.leaderElection.identity,
    log,
  );
  const controller = new Controller({
    name: CONTROLLER_NAME,
    workers: options.workers,
    resyncMs: options.resyncMs,
    metrics,
    log: log.child({ controller: CONTROLLER_NAME }),
    reconciler: createReconciler({
      client,
      applier: new Applier(client, options.fieldManager, log),
      events,
      fieldManager: options.fieldManager,
      operatorVersion: options.version,
      operatorImage: options.image,
      capabilities: {
        prometheusOperator: served.some((k) => k.kind === 'PodMonitor'),
        gatewayApi: served.some((k) => k.kind === 'HTTPRoute'),
      },
      instances: caches.instances,
      owned: caches.owned,
      pods: caches.pods,
      nodes: caches.nodes,
      now: () => new Date(),
      setReady: (instance, ready) => {
        const labels = {
          namespace: instance.metadata.namespace ?? '',
          name: instance.metadata.name,
        };
        metrics.instanceReady.set(labels, ready ? 1 : 0);
      },
    }),
  });
  wireEvents(controller, caches);
  caches.instances.on((type, instance) => {
    if (type !== 'delete') return;
    metrics.instanceReady.remove({
      namespace: instance.metadata.namespace,
      name: instance.metadata.name,
    });
    recordRetainedData({ client, events }, instance).catch((err: unknown) => {
      log.error(
        { err, namespace: instance.metadata.namespace, name: instance.metadata.name },
        'failed to record the retained volume claims of a deleted instance',
      );
    });
  });

  const elector = options.leaderElection.enabled
    ? new LeaderElector(
        client,
        {
          ...options.leaderElection,
          leaseDurationSeconds: 15,
          renewDeadlineMs: 10_000,
          retryPeriodMs: 2_000,
        },
        log,
      )
    : undefined;
  // A standby reports 0, so a dashboard can distinguish it from an operator that exports nothing.
  if (elector) metrics.leader.set({ name: options.leaderElection.name }, 0);
  let synced = false;
  let stopping = false;
  const server = await startHttpServer(
    options.listenAddress,
    options.listenPort,
    {
      healthy: () => !stopping,
      ready: () => synced || (elector !== undefined && !elector.isLeader),
    },
    metrics.registry,
    log,
  );

  let lostResolve!: () => void;
  const lost = new Promise<void>((resolve) => (lostResolve = resolve));
  const begin = async () => {
    metrics.leader.set({ name: options.leaderElection.name }, 1);
    for (const cache of allCaches(caches)) cache.start();
    await Promise.all(allCaches(caches).map((c) => c.synced));
    synced = true;
    log.info({ namespaces: options.namespaces }, 'caches synced; starting workers');
    controller.start();
  };

  const failStart = (err: unknown) => {
    log.error({ err }, 'failed to start the controller');
    lostResolve();
  };
  if (elector) {
    void elector.run(
      () => void begin().catch(failStart),
      () => {
        metrics.leader.set({ name: options.leaderElection.name }, 0);
        lostResolve();
      },
    );
  } else {
    await begin();
  }

  const stop = async () => {
    stopping = true;
    await controller.stop();
    for (const cache of allCaches(caches)) cache.stop();
    await elector?.release();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  };
  return { metrics, server, stop, lost };
}

interface Caches {
  instances: Cache<GdprJitsiMeet & KubeObject>;
  owned: Map<string, Cache>;
  pods: Cache;
  nodes: Cache;
}

type OwnedKind = { apiVersion: string; kind: string };

/**
 * Asks the API server once, at start, which optional APIs it serves. A CRD installed later (say
 * prometheus-operator's) takes effect at the operator's next restart.
 */
async function servedOptionalKinds(client: KubeClient, log: Logger): Promise<OwnedKind[]> {
  const served: OwnedKind[] = [];
  for (const kind of OPTIONAL_OWNED_KINDS) {
    if (await client.serves(kind.apiVersion, kind.kind)) served.push(kind);
  }
  log.info({ optionalKinds: served.map((k) => k.kind) }, 'optional APIs served by the cluster');
  return served;
}

function createCaches(
  client: KubeClient,
  options: OperatorOptions,
  optional: OwnedKind[],
  log: Logger,
): Caches {
  const make = <T extends KubeObject>(opts: Omit<InformerOptions, 'namespace'>): Cache<T> =>
    options.namespaces.length > 0
      ? new NamespacedCache<T>(client, opts, options.namespaces, log)
      : new Informer<T>(client, opts, log);
  const managed = `${LABELS.managedBy}=${LABEL_VALUES.managedBy}`;
  const owned = new Map<string, Cache>(
    [...OWNED_KINDS, ...optional].map(({ apiVersion, kind }) => [
      `${apiVersion}/${kind}`,
      // Every NetworkPolicy, not only the operator's: policies add up, so one that someone else
      // wrote can open an instance's pods, and the privacy checks must see it.
      make({ apiVersion, kind, ...(kind !== 'NetworkPolicy' && { labelSelector: managed }) }),
    ]),
  );
  return {
    instances: make<GdprJitsiMeet & KubeObject>({
      apiVersion: API_GROUP_VERSION,
      kind: KIND,
      keepManagedFields: true,
    }),
    owned,
    pods: make({ apiVersion: 'v1', kind: 'Pod', labelSelector: managed }),
    nodes: new Informer(client, { apiVersion: 'v1', kind: 'Node' }, log),
  };
}

const allCaches = (caches: Caches): Cache[] => [
  caches.instances,
  ...caches.owned.values(),
  caches.pods,
  caches.nodes,
];

/** Maps watch events of every kind to the keys of the instances they concern. */
function wireEvents(controller: Controller, caches: Caches): void {
  controller.watchPrimary(caches.instances);
  for (const [key, cache] of caches.owned) {
    if (key === NETWORK_POLICY_KEY) {
      // A policy of the operator concerns its owner; any other one, every instance beside it.
      controller.watchSecondary(cache, (policy) => {
        const owners = ownerKeys(policy);
        if (owners.length > 0) return owners;
        return caches.instances.list(policy.metadata.namespace).map((i) => keyOf(i));
      });
    } else {
      controller.watchSecondary(cache, ownerKeys);
    }
  }
  controller.watchSecondary(caches.pods, instanceKeyFromLabels);
  // A node matters when its region label changes under a running pod; heartbeats do not.
  const regions = new Map<string, string>();
  controller.watchSecondary(caches.nodes, (node) => {
    const labels = JSON.stringify(node.metadata.labels ?? {});
    const previous = regions.get(node.metadata.name);
    regions.set(node.metadata.name, labels);
    if (previous === undefined || previous === labels) return [];
    const keys = caches.pods
      .list()
      .filter(
        (pod) =>
          (pod as KubeObject & { spec?: { nodeName?: string } }).spec?.nodeName ===
          node.metadata.name,
      )
      .flatMap(instanceKeyFromLabels);
    return [...new Set(keys)];
  });
}

function ownerKeys(obj: KubeObject): string[] {
  const owner = obj.metadata.ownerReferences?.find(
    (ref) => ref.controller && ref.kind === KIND && ref.apiVersion === API_GROUP_VERSION,
  );
  return owner ? [`${obj.metadata.namespace ?? ''}/${owner.name}`] : [];
}

function instanceKeyFromLabels(obj: KubeObject): string[] {
  const instance = obj.metadata.labels?.[LABELS.instance];
  return instance ? [`${obj.metadata.namespace ?? ''}/${instance}`] : [];
}

export { keyOf };
