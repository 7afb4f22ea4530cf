import type { Logger } from 'pino';
import { isConflict, isNotFound, type KubeClient, type KubeObject } from './kube-client.ts';
import { sleep } from './informer.ts';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  /** How long a Lease is valid after its last renewal, in seconds; client-go's default is 15. */
  leaseDurationSeconds: number;
  /** How long the leader keeps trying to renew before it gives up, in milliseconds (10 s). */
  renewDeadlineMs: number;
  /** Pause between attempts to acquire or renew, in milliseconds (2 s). */
  retryPeriodMs: number;
}

interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

const microTime = (date: Date): string => date.toISOString().replace('Z', '000Z');

/**
 * Leader election on a `coordination.k8s.io/v1` Lease, following client-go's algorithm: a
 * candidate takes the Lease when it is free or its holder has not renewed it for
 * `leaseDurationSeconds`; updates use the Lease's resourceVersion, so two candidates can never
 * both win. The leader renews every `retryPeriodMs`; if renewal fails for `renewDeadlineMs` it
 * calls `onLost`, and the process must stop working (the operator exits). On shutdown the
 * leader releases the Lease so a standby takes over without waiting for it to expire.
 */
export class LeaderElector {
  private readonly client: KubeClient;
  private readonly options: LeaderElectionOptions;
  private readonly log: Logger;
  private stopped = false;
  /** Read through a method: the flag changes while a loop awaits. */
  private isStopped(): boolean {
    return this.stopped;
  }
  private leading = false;
  /** Last observed Lease and the local time we observed a change to it. */
  private observed: { renewTime: string | undefined; holder: string | undefined; at: number } = {
    renewTime: undefined,
    holder: undefined,
    at: 0,
  };

  constructor(client: KubeClient, options: LeaderElectionOptions, log: Logger) {
    this.client = client;
    this.options = options;
    this.log = log.child({ lease: `${options.namespace}/${options.name}` });
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Blocks until this process leads, then renews in the background until stopped or lost. */
  async run(onStarted: () => void, onLost: () => void): Promise<void> {
    while (!this.isStopped() && !(await this.tryAcquireOrRenew())) {
      await sleep(this.options.retryPeriodMs * (1 + Math.random() * 0.2));
    }
    if (this.isStopped()) return;
    this.leading = true;
    this.log.info({ identity: this.options.identity }, 'acquired leader lease');
    onStarted();
    void this.renewLoop(onLost);
  }

  /** Stops renewing and releases the Lease if held. */
  async release(): Promise<void> {
    this.stopped = true;
    if (!this.leading) return;
    this.leading = false;
    try {
      const lease = await this.client.get<Lease>(this.ref());
      if (lease.spec?.holderIdentity !== this.options.identity) return;
      // Like client-go, a released Lease keeps a 1-second duration and an empty holder.
      lease.spec = { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1 };
      await this.client.replace(lease);
      this.log.info('released leader lease');
    } catch (err) {
      this.log.warn({ err }, 'failed to release leader lease');
    }
  }

  private async renewLoop(onLost: () => void): Promise<void> {
    let lastRenew = Date.now();
    while (!this.isStopped()) {
      await sleep(this.options.retryPeriodMs);
      if (this.isStopped()) return;
      let renewed = false;
      try {
        renewed = await this.tryAcquireOrRenew();
      } catch (err) {
        this.log.warn({ err }, 'failed to renew leader lease');
      }
      if (renewed) {
        lastRenew = Date.now();
        continue;
      }
      if (Date.now() - lastRenew > this.options.renewDeadlineMs) {
        this.leading = false;
        this.log.error('lost leader lease');
        onLost();
        return;
      }
    }
  }

  private ref() {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      namespace: this.options.namespace,
      name: this.options.name,
    };
  }

  /** One attempt; true when this process holds the Lease afterwards. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const { identity, leaseDurationSeconds } = this.options;
    let lease: Lease;
    try {
      lease = await this.client.get<Lease>(this.ref());
    } catch (err) {
      if (!isNotFound(err)) throw err;
      return this.createLease(now);
    }
    const spec = lease.spec ?? {};
    if (
      spec.renewTime !== this.observed.renewTime ||
      spec.holderIdentity !== this.observed.holder
    ) {
      this.observed = { renewTime: spec.renewTime, holder: spec.holderIdentity, at: Date.now() };
    }
    const heldByOther =
      spec.holderIdentity !== undefined &&
      spec.holderIdentity !== '' &&
      spec.holderIdentity !== identity;
    const duration = (spec.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
    if (heldByOther && Date.now() - this.observed.at < duration) return false;
    const transitions = (spec.leaseTransitions ?? 0) + (spec.holderIdentity === identity ? 0 : 1);
    lease.spec = {
      holderIdentity: identity,
      leaseDurationSeconds,
      acquireTime:
        spec.holderIdentity === identity && spec.acquireTime ? spec.acquireTime : microTime(now),
      renewTime: microTime(now),
      leaseTransitions: transitions,
    };
    try {
      await this.client.replace(lease);
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  private async createLease(now: Date): Promise<boolean> {
    const { namespace, name, identity, leaseDurationSeconds } = this.options;
    try {
      await this.client.create({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { namespace, name },
        spec: {
          holderIdentity: identity,
          leaseDurationSeconds,
          acquireTime: microTime(now),
          renewTime: microTime(now),
          leaseTransitions: 0,
        },
      });
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }
}
