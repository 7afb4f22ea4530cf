import { KubeConfig, RequestContext } from '@kubernetes/client-node';
import { fetch, type Dispatcher, type Response } from 'undici';
import { resourceFor, resourcePath, type ObjectRef } from './resources.ts';
import type { ClientMetrics } from './metrics.ts';

/** A Kubernetes object as the runtime handles it: only the fields every object has are typed. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: {
      apiVersion: string;
      kind: string;
      name: string;
      uid: string;
      controller?: boolean;
      blockOwnerDeletion?: boolean;
    }[];
    finalizers?: string[];
    deletionTimestamp?: string;
    creationTimestamp?: string;
    managedFields?: unknown[];
  };
  [field: string]: unknown;
}

export interface KubeList<T extends KubeObject = KubeObject> {
  metadata: { resourceVersion: string; continue?: string };
  items: T[];
}

/** Failure returned by the API server, with the HTTP status and the `Status` reason. */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: unknown;

  constructor(method: string, path: string, code: number, body: unknown) {
    const status = isStatus(body) ? body : undefined;
    const text = typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 200) : '';
    super(
      `${method} ${path} failed with HTTP ${code}: ${status?.message ?? (text || 'no message')}`,
    );
    this.name = 'ApiError';
    this.code = code;
    this.reason = status?.reason ?? '';
    this.details = status?.details;
  }
}

interface StatusBody {
  kind: 'Status';
  message?: string;
  reason?: string;
  details?: unknown;
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isStatus(body: unknown): body is StatusBody {
  return (
    typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status'
  );
}

export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.code === 404;
export const isConflict = (err: unknown): boolean => err instanceof ApiError && err.code === 409;
export const isAlreadyExists = (err: unknown): boolean =>
  err instanceof ApiError && err.code === 409 && err.reason === 'AlreadyExists';

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

export interface ApplyOptions {
  fieldManager: string;
  force?: boolean;
  dryRun?: boolean;
  subresource?: 'status';
}

/**
 * A small client over the Kubernetes REST API: JSON requests with the kubeconfig's credentials,
 * server-side apply, paginated lists and raw watch streams. It reuses one connection pool for
 * every request, unlike the generated clients, which build a new pool per call.
 */
export class KubeClient {
  readonly config: KubeConfig;
  private readonly server: string;
  private dispatcher: Dispatcher | undefined;
  private readonly metrics: ClientMetrics | undefined;

  constructor(config: KubeConfig, metrics?: ClientMetrics) {
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster; set a current-context');
    this.config = config;
    this.server = cluster.server.replace(/\/+$/, '');
    this.metrics = metrics;
  }

  /** Sends one request and returns the raw response; the caller reads or cancels the body. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = new URL(this.server + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const context = new RequestContext(url.toString(), 'GET');
    await this.config.applySecurityAuthentication(context);
    this.dispatcher ??= context.getDispatcher();
    const headers: Record<string, string> = { ...context.getHeaders(), accept: 'application/json' };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    const response = await fetch(url, {
      method,
      headers,
      body,
      dispatcher: this.dispatcher,
      signal: options.signal,
    });
    this.metrics?.requests.inc({ method, code: String(response.status) });
    return response;
  }

  /** Sends a request and parses the JSON answer; non-2xx answers throw `ApiError`. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    if (response.status < 200 || response.status > 299) {
      // Errors outside the API machinery (an unknown group's 404, a proxy) come as plain text.
      throw new ApiError(method, path, response.status, parseJsonOrText(text));
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  async get<T extends KubeObject>(ref: ObjectRef): Promise<T> {
    return this.request<T>('GET', resourcePath(ref));
  }

  /** Returns the object, or undefined when it does not exist. */
  async getOptional<T extends KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.get<T>(ref);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Lists every page of a collection; `namespace` undefined lists across namespaces. */
  async list<T extends KubeObject>(
    apiVersion: string,
    kind: string,
    namespace?: string,
    query: Record<string, string> = {},
  ): Promise<KubeList<T>> {
    const path = resourcePath({ apiVersion, kind, namespace });
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion: string;
    do {
      const page: KubeList<T> = await this.request('GET', path, {
        query: { ...query, limit: 500, continue: continueToken },
      });
      // Items of a list carry no apiVersion and kind; set them, so a listed object looks like a
      // fetched or watched one.
      for (const item of page.items) items.push({ ...item, apiVersion, kind });
      resourceVersion = page.metadata.resourceVersion;
      continueToken = page.metadata.continue || undefined;
    } while (continueToken);
    return { metadata: { resourceVersion }, items };
  }

  async create<T extends KubeObject>(obj: KubeObject, dryRun = false): Promise<T> {
    const path = resourcePath({
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      namespace: obj.metadata.namespace,
    });
    return this.request<T>('POST', path, {
      body: obj,
      query: { dryRun: dryRun ? 'All' : undefined },
    });
  }

  /** Server-side apply of a complete desired object (or its status) under one field manager. */
  async apply<T extends KubeObject>(obj: KubeObject, options: ApplyOptions): Promise<T> {
    const ref: ObjectRef = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
    };
    const suffix = options.subresource ? `/${options.subresource}` : '';
    return this.request<T>('PATCH', resourcePath(ref) + suffix, {
      body: obj,
      contentType: 'application/apply-patch+yaml',
      query: {
        fieldManager: options.fieldManager,
        force: options.force ?? true,
        dryRun: options.dryRun ? 'All' : undefined,
      },
    });
  }

  /** JSON patch (RFC 6902); a failed `test` operation returns 422 and changes nothing. */
  async jsonPatch<T extends KubeObject>(ref: ObjectRef, operations: unknown[]): Promise<T> {
    return this.request<T>('PATCH', resourcePath(ref), {
      body: operations,
      contentType: 'application/json-patch+json',
    });
  }

  /** JSON merge patch (RFC 7386). */
  async mergePatch<T extends KubeObject>(ref: ObjectRef, patch: unknown): Promise<T> {
    return this.request<T>('PATCH', resourcePath(ref), {
      body: patch,
      contentType: 'application/merge-patch+json',
    });
  }

  async replace<T extends KubeObject>(obj: KubeObject): Promise<T> {
    const ref: ObjectRef = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
    };
    return this.request<T>('PUT', resourcePath(ref), { body: obj });
  }

  /** Deletes an object; a missing object counts as deleted. */
  async delete(ref: ObjectRef, propagationPolicy?: 'Background' | 'Foreground' | 'Orphan') {
    try {
      await this.request('DELETE', resourcePath(ref), {
        body: propagationPolicy
          ? { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy }
          : undefined,
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Whether the API server serves a kind (for optional CRDs such as ServiceMonitor). */
  async serves(apiVersion: string, kind: string): Promise<boolean> {
    const groupPath = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    try {
      const list = await this.request<{ resources: { kind: string; name: string }[] }>(
        'GET',
        groupPath,
      );
      return list.resources.some((r) => r.kind === kind && !r.name.includes('/'));
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }
}

export { resourceFor };
