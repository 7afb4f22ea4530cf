import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { isAlreadyExists, isNotFound, type KubeClient, type KubeObject } from './kube-client.ts';

export type EventKind = 'Normal' | 'Warning';

interface SeriesState {
  count: number;
  name: string;
}

/**
 * Records `events.k8s.io/v1` Events about an object. The same (object, type, reason, message)
 * within one process becomes one Event whose `series.count` grows, as client-go's recorder does,
 * so a retry loop cannot flood the API server with Event objects. Failures are logged, never
 * thrown: an Event is a notification, not part of the reconcile result.
 */
export class EventRecorder {
  private readonly client: KubeClient;
  private readonly controller: string;
  private readonly instance: string;
  private readonly log: Logger;
  private readonly series = new Map<string, SeriesState>();

  constructor(client: KubeClient, controller: string, instance: string, log: Logger) {
    this.client = client;
    this.controller = controller;
    this.instance = instance;
    this.log = log;
  }

  async record(
    regarding: KubeObject,
    type: EventKind,
    reason: string,
    action: string,
    note: string,
  ): Promise<void> {
    const namespace = regarding.metadata.namespace ?? 'default';
    const identity = [regarding.metadata.uid, type, reason, note].join('\u0000');
    const digest = createHash('sha256').update(identity).digest('hex').slice(0, 10);
    const name = `${regarding.metadata.name}.${digest}`;
    const now = new Date();
    const state = this.series.get(identity);
    try {
      if (state) {
        state.count += 1;
        await this.patchSeries(namespace, state, now);
        return;
      }
      await this.create(namespace, name, regarding, type, reason, action, note, now);
      this.series.set(identity, { count: 1, name });
    } catch (err) {
      this.log.warn({ err, reason }, 'failed to record event');
    }
  }

  private async create(
    namespace: string,
    name: string,
    regarding: KubeObject,
    type: EventKind,
    reason: string,
    action: string,
    note: string,
    now: Date,
  ): Promise<void> {
    const event = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name, namespace },
      eventTime: now.toISOString().replace('Z', '000Z'),
      reportingController: this.controller,
      reportingInstance: this.instance,
      action,
      reason,
      type,
      note: note.slice(0, 1024),
      regarding: {
        apiVersion: regarding.apiVersion,
        kind: regarding.kind,
        name: regarding.metadata.name,
        namespace,
        uid: regarding.metadata.uid,
        resourceVersion: regarding.metadata.resourceVersion,
      },
    };
    try {
      await this.client.create(event);
    } catch (err) {
      // An Event of the same name from an earlier run of the operator: continue its series.
      if (!isAlreadyExists(err)) throw err;
      const state = { count: 2, name };
      this.series.set([regarding.metadata.uid, type, reason, note].join('\u0000'), state);
      await this.patchSeries(namespace, state, now);
    }
  }

  private async patchSeries(namespace: string, state: SeriesState, now: Date): Promise<void> {
    try {
      await this.client.mergePatch(
        { apiVersion: 'events.k8s.io/v1', kind: 'Event', namespace, name: state.name },
        {
          series: { count: state.count, lastObservedTime: now.toISOString().replace('Z', '000Z') },
        },
      );
    } catch (err) {
      // The Event expired (the API server keeps Events for an hour by default): start anew.
      if (!isNotFound(err)) throw err;
      this.series.forEach((s, key) => {
        if (s === state) this.series.delete(key);
      });
    }
  }
}
