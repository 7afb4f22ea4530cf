import type { Logger } from 'pino';
import { ApiError, type KubeClient, type KubeObject } from './kube-client.ts';
import { objectKey, resourcePath } from './resources.ts';

export type EventType = 'add' | 'update' | 'delete';
export type EventHandler<T> = (type: EventType, obj: T) => void;

export interface InformerOptions {
  apiVersion: string;
  kind: string;
  /** Namespace to watch; undefined watches all namespaces. */
  namespace?: string;
  labelSelector?: string;
  /**
   * Keep `metadata.managedFields` in the cache. The instance cache keeps them, because the
   * compliance report names the field manager that set a relaxing spec field.
   */
  keepManagedFields?: boolean;
}

/** The read side of an informer: what reconcilers and event mapping use. */
export interface Cache<T extends KubeObject = KubeObject> {
  on(handler: EventHandler<T>): void;
  get(namespace: string | undefined, name: string): T | undefined;
  list(namespace?: string): T[];
  readonly synced: Promise<unknown>;
  start(): void;
  stop(): void;
}

/** A watch stream that ended with 410 Gone: the resource version is too old, so list again. */
class GoneError extends Error {}

const MAX_RETRY_DELAY_MS = 30_000;

/**
 * A list-then-watch cache of one kind, in the manner of client-go's reflector. It keeps the
 * resource version across reconnects (so no event is replayed or lost), asks for bookmarks so the
 * version stays fresh, lists again on 410 Gone, retries failed requests with backoff and never
 * stops on its own. `managedFields` are dropped before objects enter the cache. Handlers are
 * called synchronously and their exceptions are logged, never propagated.
 */
export class Informer<T extends KubeObject = KubeObject> implements Cache<T> {
  readonly options: InformerOptions;
  private readonly client: KubeClient;
  private readonly log: Logger;
  private readonly store = new Map<string, T>();
  private readonly handlers: EventHandler<T>[] = [];
  private resourceVersion = '';
  private stopped = false;
  /** Read through a method: the flag changes while a loop awaits. */
  /**
   * Drops `managedFields` unless the options keep them: they are a fifth or more of an object's
   * bytes, and only the instance cache reads them.
   */
  private prepare(obj: T): T {
    if (this.options.keepManagedFields !== true && obj.metadata.managedFields)
      delete obj.metadata.managedFields;
    return obj;
  }

  private isStopped(): boolean {
    return this.stopped;
  }
  private abort: AbortController | undefined;
  private syncedResolve!: () => void;
  /** Resolves after the first complete list. */
  readonly synced: Promise<void>;
  private isSynced = false;

  constructor(client: KubeClient, options: InformerOptions, log: Logger) {
    this.client = client;
    this.options = options;
    this.log = log.child({ informer: `${options.kind}.${options.apiVersion}` });
    this.synced = new Promise((resolve) => (this.syncedResolve = resolve));
  }

  on(handler: EventHandler<T>): void {
    this.handlers.push(handler);
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.store.get(objectKey(namespace, name));
  }

  list(namespace?: string): T[] {
    const all = [...this.store.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  get hasSynced(): boolean {
    return this.isSynced;
  }

  /** Starts the list-watch loop in the background; await `synced` for the first list. */
  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }

  private async run(): Promise<void> {
    let delay = 1_000;
    while (!this.isStopped()) {
      try {
        if (this.resourceVersion === '') await this.relist();
        const sawEvents = await this.watchOnce();
        if (sawEvents) delay = 1_000;
      } catch (err) {
        if (this.isStopped()) return;
        if (err instanceof GoneError) {
          this.log.info('watch resource version expired; listing again');
          this.resourceVersion = '';
          continue;
        }
        this.log.warn({ err, retryInMs: delay }, 'list or watch failed; retrying');
        await sleep(delay);
        delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
      }
    }
  }

  private async relist(): Promise<void> {
    const { apiVersion, kind, namespace, labelSelector } = this.options;
    const query: Record<string, string> = labelSelector ? { labelSelector } : {};
    const list = await this.client.list<T>(apiVersion, kind, namespace, query);
    const seen = new Set<string>();
    for (const item of list.items) {
      const obj = this.prepare(item);
      const key = objectKey(obj.metadata.namespace, obj.metadata.name);
      seen.add(key);
      const old = this.store.get(key);
      this.store.set(key, obj);
      if (!old) this.emit('add', obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion)
        this.emit('update', obj);
    }
    for (const [key, old] of this.store) {
      if (!seen.has(key)) {
        this.store.delete(key);
        this.emit('delete', old);
      }
    }
    this.resourceVersion = list.metadata.resourceVersion;
    if (!this.isSynced) {
      this.isSynced = true;
      this.syncedResolve();
    }
  }

  /** Runs one watch request to its end; returns whether any event arrived. */
  private async watchOnce(): Promise<boolean> {
    const { apiVersion, kind, namespace, labelSelector } = this.options;
    // Like client-go, ask the server to end the watch after 5 to 10 minutes, so a connection
    // that silently stopped delivering is replaced; the client aborts 30 s after that.
    const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
    this.abort = new AbortController();
    const timer = setTimeout(() => this.abort?.abort(), (timeoutSeconds + 30) * 1000);
    timer.unref();
    let sawEvents = false;
    try {
      const path = resourcePath({ apiVersion, kind, namespace });
      const response = await this.client.send('GET', path, {
        query: {
          watch: 'true',
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: 'true',
          timeoutSeconds,
          labelSelector,
        },
        signal: this.abort.signal,
      });
      if (response.status === 410) throw new GoneError('resource version expired');
      if (response.status !== 200 || !response.body) {
        const body: unknown = await response.json().catch(() => undefined);
        throw new ApiError('WATCH', path, response.status, body);
      }
      for await (const line of readLines(response.body)) {
        this.handleEvent(JSON.parse(line) as WatchEvent<T>);
        sawEvents = true;
      }
    } catch (err) {
      if (this.abort.signal.aborted && !this.isStopped()) return sawEvents;
      throw err;
    } finally {
      clearTimeout(timer);
    }
    return sawEvents;
  }

  private handleEvent(event: WatchEvent<T>): void {
    if (event.type === 'ERROR') {
      const status = event.object as unknown as { code?: number; message?: string };
      if (status.code === 410) throw new GoneError(status.message ?? 'gone');
      throw new Error(`watch error ${status.code ?? '?'}: ${status.message ?? ''}`);
    }
    const obj = this.prepare(event.object);
    if (obj.metadata.resourceVersion) this.resourceVersion = obj.metadata.resourceVersion;
    if (event.type === 'BOOKMARK') return;
    const key = objectKey(obj.metadata.namespace, obj.metadata.name);
    if (event.type === 'DELETED') {
      this.store.delete(key);
      this.emit('delete', obj);
      return;
    }
    const existed = this.store.has(key);
    this.store.set(key, obj);
    this.emit(existed ? 'update' : 'add', obj);
  }

  private emit(type: EventType, obj: T): void {
    for (const handler of this.handlers) {
      try {
        handler(type, obj);
      } catch (err) {
        this.log.error({ err, type }, 'informer event handler failed');
      }
    }
  }
}

interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

async function* readLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line !== '') yield line;
      newline = buffer.indexOf('\n');
    }
  }
  const rest = buffer.trim();
  if (rest !== '') yield rest;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * One informer per namespace behind the `Cache` interface, for the namespace-scoped mode in
 * which the operator may not list across namespaces.
 */
export class NamespacedCache<T extends KubeObject = KubeObject> implements Cache<T> {
  private readonly informers: Map<string, Informer<T>>;
  readonly synced: Promise<unknown>;

  constructor(
    client: KubeClient,
    options: Omit<InformerOptions, 'namespace'>,
    namespaces: readonly string[],
    log: Logger,
  ) {
    this.informers = new Map(
      namespaces.map((ns) => [ns, new Informer<T>(client, { ...options, namespace: ns }, log)]),
    );
    this.synced = Promise.all([...this.informers.values()].map((i) => i.synced));
  }

  on(handler: EventHandler<T>): void {
    for (const informer of this.informers.values()) informer.on(handler);
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return namespace === undefined
      ? undefined
      : this.informers.get(namespace)?.get(namespace, name);
  }

  list(namespace?: string): T[] {
    if (namespace !== undefined) return this.informers.get(namespace)?.list(namespace) ?? [];
    return [...this.informers.values()].flatMap((i) => i.list());
  }

  start(): void {
    for (const informer of this.informers.values()) informer.start();
  }

  stop(): void {
    for (const informer of this.informers.values()) informer.stop();
  }
}
