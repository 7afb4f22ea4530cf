import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Cache } from './informer.ts';
import type { KubeObject } from './kube-client.ts';
import type { OperatorMetrics } from './metrics.ts';
import { WorkQueue, type BackoffOptions } from './work-queue.ts';

export interface ReconcileResult {
  /** Reconcile this key again after this many milliseconds, without counting a failure. */
  requeueAfterMs?: number;
}

/** An error that retrying cannot fix (invalid input): reported, not retried. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
}

export interface ReconcileContext {
  key: string;
  namespace: string;
  name: string;
  log: Logger;
  /** Failed attempts so far for this key; 0 on the first try. */
  attempt: number;
}

export type Reconciler = (ctx: ReconcileContext) => Promise<ReconcileResult | undefined>;

export interface ControllerOptions {
  name: string;
  reconciler: Reconciler;
  workers: number;
  backoff?: BackoffOptions;
  /** Period of the resync that requeues every primary object, in milliseconds; 0 turns it off. */
  resyncMs: number;
  metrics: OperatorMetrics;
  log: Logger;
}

/**
 * Runs a level-based reconciler over a work queue. Watch events of the primary kind and of
 * secondary kinds only enqueue keys (`namespace/name` of the primary object); the reconciler
 * reads the current state and converges, whatever the event was.
 */
export class Controller {
  readonly queue: WorkQueue;
  private readonly options: ControllerOptions;
  private primary: Cache | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private workers: Promise<void>[] = [];
  private active = 0;

  constructor(options: ControllerOptions) {
    this.options = options;
    this.queue = new WorkQueue(options.name, options.backoff, options.metrics);
  }

  /**
   * Watches the primary kind: each of its events enqueues its own key, except updates that
   * change only `status` (or the resource version). The reconciler writes status itself, so
   * reacting to those would start a new reconcile after every failed one and bypass the backoff.
   */
  watchPrimary(informer: Cache): void {
    this.primary = informer;
    const seen = new Map<string, string>();
    informer.on((type, obj) => {
      const key = keyOf(obj);
      if (type === 'delete') {
        seen.delete(key);
        this.queue.add(key);
        return;
      }
      const signature = specSignature(obj);
      const previous = seen.get(key);
      seen.set(key, signature);
      if (type === 'update' && previous === signature) return;
      this.queue.add(key);
    });
  }

  /** Watches a secondary kind: `map` returns the primary keys an event concerns. */
  watchSecondary<T extends KubeObject>(informer: Cache<T>, map: (obj: T) => string[]): void {
    informer.on((_type, obj) => {
      for (const key of map(obj)) this.queue.add(key);
    });
  }

  start(): void {
    const { metrics, name, workers, resyncMs } = this.options;
    metrics.maxConcurrentReconciles.set({ controller: name }, workers);
    for (let i = 0; i < workers; i++) this.workers.push(this.work());
    if (resyncMs > 0) {
      this.resyncTimer = setInterval(() => {
        this.resync();
      }, resyncMs);
      this.resyncTimer.unref();
    }
  }

  /** Stops taking new keys and waits for reconciles in progress to finish. */
  async stop(): Promise<void> {
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.queue.shutDown();
    await Promise.all(this.workers);
  }

  /**
   * Enqueues every primary object, except keys waiting out a failure backoff: those come back
   * on their own schedule, or sooner when one of their objects changes.
   */
  private resync(): void {
    for (const obj of this.primary?.list() ?? []) {
      const key = keyOf(obj);
      if (this.queue.failureCount(key) === 0) this.queue.add(key);
    }
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      await this.process(key);
      this.queue.done(key);
    }
  }

  private async process(key: string): Promise<void> {
    const { metrics, name, reconciler, log } = this.options;
    const [namespace = '', objectName = ''] = key.split('/');
    const ctx: ReconcileContext = {
      key,
      namespace,
      name: objectName,
      attempt: this.queue.failureCount(key),
      log: log.child({ namespace, name: objectName, reconcileId: randomUUID() }),
    };
    this.active += 1;
    metrics.activeWorkers.set({ controller: name }, this.active);
    const end = metrics.reconcileTime.startTimer({ controller: name });
    const started = performance.now();
    try {
      const result = await reconciler(ctx);
      ctx.log.debug({ durationMs: Math.round(performance.now() - started) }, 'reconcile finished');
      this.queue.forget(key);
      if (result?.requeueAfterMs) {
        this.queue.addAfter(key, result.requeueAfterMs);
        metrics.reconcileTotal.inc({ controller: name, result: 'requeue_after' });
      } else {
        metrics.reconcileTotal.inc({ controller: name, result: 'success' });
      }
    } catch (err) {
      metrics.reconcileErrors.inc({ controller: name });
      if (err instanceof TerminalError) {
        metrics.terminalErrors.inc({ controller: name });
        metrics.reconcileTotal.inc({ controller: name, result: 'error' });
        this.queue.forget(key);
        // A terminal error is the object's fault (an invalid spec), so no stack trace.
        ctx.log.warn(
          { error: err.message },
          'reconcile failed; not retrying until the object changes',
        );
      } else {
        metrics.reconcileTotal.inc({ controller: name, result: 'error' });
        const retryInMs = this.queue.addRateLimited(key);
        ctx.log.error({ err, retryInMs }, 'reconcile failed; retrying');
      }
    } finally {
      end();
      metrics.workDuration.observe({ name }, (performance.now() - started) / 1000);
      this.active -= 1;
      metrics.activeWorkers.set({ controller: name }, this.active);
    }
  }
}

export const keyOf = (obj: KubeObject): string =>
  `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;

/** Returns the fields a change must touch to concern the reconciler: all but status. */
function specSignature(obj: KubeObject): string {
  const { metadata } = obj;
  return JSON.stringify([
    metadata.generation,
    metadata.deletionTimestamp,
    metadata.finalizers,
    metadata.labels,
    metadata.annotations,
  ]);
}
