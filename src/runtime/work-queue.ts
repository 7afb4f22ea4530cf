import type { OperatorMetrics } from './metrics.ts';

/**
 * Per-key exponential backoff: `baseMs * 2^failures`, capped at `maxMs`. With the defaults a
 * failing key is retried after 2 s, 4 s, 8 s, 16 s and 32 s, so at most five times in its first
 * minute, then every 5 minutes.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 300_000 };

/**
 * A work queue with the semantics of client-go's rate-limited queue: a key queued several times
 * is processed once; a key is never processed by two workers at the same time; a key added while
 * it is processed is queued again when `done` is called; failing keys back off per key.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly addedAt = new Map<string, number>();
  private waiters: ((key: string | undefined) => void)[] = [];
  private shuttingDown = false;

  private readonly name: string;
  private readonly backoff: BackoffOptions;
  private readonly metrics: OperatorMetrics | undefined;

  constructor(name: string, backoff: BackoffOptions = DEFAULT_BACKOFF, metrics?: OperatorMetrics) {
    this.name = name;
    this.backoff = backoff;
    this.metrics = metrics;
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.metrics?.queueAdds.inc({ name: this.name });
    this.dirty.add(key);
    this.addedAt.set(key, performance.now());
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /** Adds the key after a delay; an earlier pending delay for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const existing = this.timers.get(key);
    if (existing) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Requeues a failed key after its backoff and returns the delay in milliseconds. */
  addRateLimited(key: string): number {
    const count = this.failures.get(key) ?? 0;
    this.failures.set(key, count + 1);
    const delay = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** count);
    this.metrics?.queueRetries.inc({ name: this.name });
    this.addAfter(key, delay);
    return delay;
  }

  /** Resets the key's backoff after a successful reconcile. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  failureCount(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Waits for the next key; resolves undefined once the queue shuts down. */
  async get(): Promise<string | undefined> {
    const key = this.queue.shift();
    if (key !== undefined) return this.take(key);
    if (this.shuttingDown) return undefined;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks the key processed; queues it again if it was added meanwhile. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.push(key);
  }

  get length(): number {
    return this.queue.length;
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(undefined);
  }

  private push(key: string): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter(this.take(key));
      return;
    }
    this.queue.push(key);
    this.metrics?.queueDepth.set({ name: this.name }, this.queue.length);
  }

  private take(key: string): string {
    this.dirty.delete(key);
    this.processing.add(key);
    const added = this.addedAt.get(key);
    if (added !== undefined) {
      this.metrics?.queueLatency.observe({ name: this.name }, (performance.now() - added) / 1000);
      this.addedAt.delete(key);
    }
    this.metrics?.queueDepth.set({ name: this.name }, this.queue.length);
    return key;
  }
}
