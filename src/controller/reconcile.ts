import type { Logger } from 'pino';
import { validateSpec, withDefaults, checkSemantics } from '../api/index.ts';
import { loggingWindowOpen } from '../api/privacy.ts';
import type { AppliedConfiguration, EffectiveSpec, GdprJitsiMeet } from '../api/types.ts';
import { buildDesiredObjects } from '../resources/index.ts';
import { controllerOwnerReference } from '../resources/owner.ts';
import { LABELS, objectLabels } from '../resources/labels.ts';
import { childNames, SECRET_KEYS } from '../resources/names.ts';
import { hashObject, type Applier, type ApplyResult } from '../runtime/apply.ts';
import {
  TerminalError,
  type ReconcileContext,
  type ReconcileResult,
} from '../runtime/controller.ts';
import type { EventRecorder } from '../runtime/events.ts';
import type { Cache } from '../runtime/informer.ts';
import type { KubeClient, KubeObject } from '../runtime/kube-client.ts';
import { failpoint } from '../runtime/failpoint.ts';
import { ensureCredentials, type CredentialsSecret } from './credentials.ts';
import { observeResidency, observeWorkload, type ResidencyObservation } from './observe.ts';
import { REASON, type Outcome } from './status.ts';
import { evaluateCompliance, type ComplianceOutcome } from './compliance.ts';
import { finalizeDeletion, syncFinalizer } from './data-deletion.ts';
import { nextHistory, writeStatus, type StatusInput } from './write-status.ts';

/** A GdprJitsiMeet as the caches hold it. */
type Instance = GdprJitsiMeet & KubeObject;

/** Everything a reconcile reads from or writes to; built once by the manager. */
export interface ReconcilerDeps {
  client: KubeClient;
  applier: Applier;
  events: EventRecorder;
  fieldManager: string;
  operatorVersion: string;
  /** The operator's image, run by the retention CronJobs; undefined uses the release image. */
  operatorImage?: string | undefined;
  /** Optional APIs the cluster served when the operator started. */
  capabilities: { prometheusOperator: boolean; gatewayApi: boolean };
  instances: Cache<Instance>;
  /** Caches of the owned kinds, keyed by `apiVersion/kind`. */
  owned: Map<string, Cache>;
  pods: Cache;
  nodes: Cache;
  now: () => Date;
  /** Records the Ready state of an instance, e.g. in the `gdprmeet_instance_ready` gauge. */
  setReady: (instance: KubeObject, ready: boolean) => void;
}

/** A failure in one named step; its name lands in the Ready condition and the log. */
class StepError extends Error {
  readonly step: string;
  constructor(step: string, cause: unknown) {
    super(`step ${step} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.step = step;
  }
}

async function step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StepError || err instanceof TerminalError) throw err;
    throw new StepError(name, err);
  }
}

/**
 * Reconciles one GdprJitsiMeet: validate, make sure the credentials exist, build the desired
 * children, apply them, observe readiness and placement, and write status. It reads only the
 * informer caches, so a reconcile of an instance that needs nothing sends no request at all.
 */
export function createReconciler(deps: ReconcilerDeps) {
  return async (ctx: ReconcileContext): Promise<ReconcileResult | undefined> => {
    const instance = deps.instances.get(ctx.namespace, ctx.name);
    if (!instance) return undefined;
    const log = ctx.log.child({ generation: instance.metadata.generation });
    if (instance.metadata.deletionTimestamp) return finalizeDeletion(deps, instance, log);
    const now = deps.now();
    let outcome: Outcome;
    let spec: EffectiveSpec | undefined;
    let hash = instance.status?.configHash;
    let history = instance.status?.appliedHistory;
    let compliance: ComplianceOutcome | undefined;
    let complianceSkipped = 'the spec is invalid, so the checks did not run';
    let applying = false;
    try {
      spec = await step('validate', () => validate(instance, now));
      const effective = spec;
      await step('finalizer', () => syncFinalizer(deps, instance, effective));
      await step('check-nodes', () => {
        checkEligibleNodes(deps, effective);
      });
      await step('check-apis', () => {
        checkServedApis(deps, effective);
      });
      complianceSkipped = 'the checks run once the objects are applied';
      const secret = await step('credentials', () => credentials(deps, instance));
      failpoint('after-credentials', instance.metadata.name);
      const desired = await step('build', () =>
        build(deps, instance, effective, now, secret.metadata.uid),
      );
      applying = true;
      const results = await step('apply', () => applyAll(deps, desired, log));
      failpoint('after-apply', instance.metadata.name);
      hash = configHash(desired);
      history = nextHistory(history, hash, instance.metadata.generation, now);
      await reportChanges(deps, instance, results, hash, log);
      outcome = await step('observe', () => observe(deps, instance, effective));
      // The caches lag behind this reconcile's own writes; the watch events of those writes
      // start another reconcile, which checks the objects as stored.
      const changed = [...results.values()].some((r) => r !== 'unchanged');
      if (changed) complianceSkipped = 'the checks run once the applied changes are observed';
      else
        compliance = await step('compliance', () =>
          complianceStep(deps, instance, effective, hash, history, now, log),
        );
    } catch (err) {
      outcome = toOutcome(err);
      // Blocked before anything was applied: the caches show the deployed state as it is, so
      // the checks still judge it (a node relabelled out of the EU makes both happen at once).
      if (spec !== undefined && !applying && compliance === undefined) {
        const effective = spec;
        compliance = await complianceStep(deps, instance, effective, hash, history, now, log).catch(
          (complianceErr: unknown) => {
            log.warn({ err: complianceErr }, 'privacy checks failed to run on a blocked instance');
            return undefined;
          },
        );
      }
      deps.setReady(instance, await writeStatus(deps, instance, statusInput(), log));
      await recordFailure(deps, instance, outcome);
      if (outcome.kind === 'invalid') throw new TerminalError(outcome.message, { cause: err });
      throw err;
    }
    deps.setReady(instance, await writeStatus(deps, instance, statusInput(), log));
    return requeueForRelaxations(spec, now);

    function statusInput(): StatusInput {
      return {
        outcome,
        spec,
        residency: residencyFor(deps, instance as Instance, spec),
        configHash: hash,
        history,
        compliance,
        complianceSkipped,
      };
    }
  };
}

/**
 * While a verbose logging window is open, requests a reconcile when it closes, so the private
 * log levels return on time even if nothing else changes.
 */
function requeueForRelaxations(
  spec: EffectiveSpec | undefined,
  now: Date,
): ReconcileResult | undefined {
  if (spec === undefined || !loggingWindowOpen(spec.privacy.logging, now)) return undefined;
  const until = Date.parse(spec.privacy.logging.until ?? '');
  return { requeueAfterMs: Math.max(1_000, until - now.getTime() + 1_000) };
}

function build(
  deps: ReconcilerDeps,
  instance: Instance,
  spec: EffectiveSpec,
  now: Date,
  credentialsRevision: string | undefined,
): KubeObject[] {
  return buildDesiredObjects({
    instance: {
      name: instance.metadata.name,
      namespace: instance.metadata.namespace,
      uid: instance.metadata.uid ?? '',
      generation: instance.metadata.generation,
    },
    spec,
    operator: { version: deps.operatorVersion, image: deps.operatorImage },
    capabilities: deps.capabilities,
    now,
    credentialsRevision,
  }) as KubeObject[];
}

/** Runs the checks on the live objects and applies the report ConfigMap. */
async function complianceStep(
  deps: ReconcilerDeps,
  instance: Instance,
  spec: EffectiveSpec,
  configHash: string | undefined,
  history: AppliedConfiguration[] | undefined,
  now: Date,
  log: Logger,
): Promise<ComplianceOutcome> {
  const result = evaluateCompliance({
    instance,
    spec,
    owned: deps.owned,
    pods: deps.pods,
    nodes: deps.nodes,
    operatorVersion: deps.operatorVersion,
    history: history ?? [],
    configHash,
    now,
  });
  const cache = deps.owned.get('v1/ConfigMap');
  const live = cache?.get(instance.metadata.namespace, result.report.metadata.name);
  const applied = await deps.applier.apply(result.report, live);
  if (applied !== 'unchanged') log.info({ result: applied }, 'compliance report written');
  return result;
}

/** The input check that the API server's schema normally does first; repeated for old CRDs. */
function validate(instance: Instance, now: Date): EffectiveSpec {
  const issues = validateSpec(instance);
  if (issues.length > 0) {
    const message = issues.map((i) => i.message).join('; ');
    throw new TerminalError(message);
  }
  const spec = withDefaults(instance.spec);
  // Only a change of the spec can fix these, so they are not retried.
  const problems = checkSemantics(spec, now);
  if (problems.length > 0) throw new TerminalError(problems.join('; '));
  return spec;
}

/** A spec that is valid but cannot work in this cluster now; retried with backoff. */
class BlockedError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}

function checkEligibleNodes(deps: ReconcilerDeps, spec: EffectiveSpec): void {
  const { labelKey, allowedRegions } = spec.residency;
  const allowed = new Set(allowedRegions);
  const eligible = deps.nodes
    .list()
    .filter((node) => allowed.has(node.metadata.labels?.[labelKey] ?? ''));
  if (eligible.length > 0) return;
  throw new BlockedError(
    REASON.noEligibleNodes,
    `no node has label ${labelKey} with an allowed value (${describeRegions(allowedRegions)}); ` +
      `label EU/EEA nodes with ${labelKey}, or change spec.residency.allowedRegions`,
  );
}

/** Names up to five regions; a longer list is counted, because status lists it in full. */
function describeRegions(regions: readonly string[]): string {
  if (regions.length <= 5) return regions.join(', ');
  return `one of the ${regions.length} in status.residency.allowedRegions`;
}

function checkServedApis(deps: ReconcilerDeps, spec: EffectiveSpec): void {
  if (spec.ingress.mode !== 'HTTPRoute' || deps.capabilities.gatewayApi) return;
  throw new BlockedError(
    REASON.apiNotServed,
    'spec.ingress.mode is HTTPRoute, but the cluster did not serve ' +
      'gateway.networking.k8s.io/v1 HTTPRoute when the operator started; install the Gateway ' +
      'API CRDs and restart the operator, or set spec.ingress.mode to Ingress',
  );
}

async function credentials(deps: ReconcilerDeps, instance: Instance): Promise<CredentialsSecret> {
  const name = childNames(instance.metadata.name).secret;
  const namespace = instance.metadata.namespace;
  const live = deps.owned.get('v1/Secret')?.get(namespace, name);
  const desired: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace,
      labels: objectLabels(instance.metadata.name, undefined, deps.operatorVersion),
      ownerReferences: [
        controllerOwnerReference({
          name: instance.metadata.name,
          uid: instance.metadata.uid ?? '',
        }),
      ],
    },
  };
  const result = await ensureCredentials(deps.client, desired, Object.values(SECRET_KEYS), live);
  if (result.created && instance.status?.configHash !== undefined) {
    // The instance was deployed before, so its Secret was deleted: the new passwords differ, and
    // the new Secret UID on the pod templates restarts Prosody, Jicofo and the bridge together.
    await deps.events.record(
      instance,
      'Warning',
      'CredentialsRecreated',
      'Create',
      `Secret ${name} was missing and was created again with new component passwords; ` +
        'restarting the components that use them',
    );
  } else if (result.created) {
    await deps.events.record(
      instance,
      'Normal',
      'CredentialsCreated',
      'Create',
      `created Secret ${name} with generated component passwords`,
    );
  }
  return result.secret;
}

async function applyAll(
  deps: ReconcilerDeps,
  desired: KubeObject[],
  log: Logger,
): Promise<Map<KubeObject, ApplyResult>> {
  const results = new Map<KubeObject, ApplyResult>();
  for (const obj of desired) {
    const cache = deps.owned.get(`${obj.apiVersion}/${obj.kind}`);
    const live = cache?.get(obj.metadata.namespace, obj.metadata.name);
    try {
      const result = await deps.applier.apply(obj, live);
      results.set(obj, result);
      if (result !== 'unchanged')
        log.info({ kind: obj.kind, object: obj.metadata.name, result }, 'applied object');
    } catch (err) {
      throw new Error(`failed to apply ${obj.kind} ${obj.metadata.name}`, { cause: err });
    }
  }
  return results;
}

/** Emits one Event per reconcile that changed something, naming the configuration hash. */
async function reportChanges(
  deps: ReconcilerDeps,
  instance: Instance,
  results: Map<KubeObject, ApplyResult>,
  hash: string,
  log: Logger,
): Promise<void> {
  const changed = [...results.entries()]
    .filter(([, r]) => r !== 'unchanged')
    .map(([o, r]) => `${o.kind}/${o.metadata.name} ${r}`);
  if (changed.length === 0) return;
  log.info({ configHash: hash, changed: changed.length }, 'configuration applied');
  const listed =
    changed.slice(0, 10).join(', ') +
    (changed.length > 10 ? ` and ${changed.length - 10} more` : '');
  await deps.events.record(
    instance,
    'Normal',
    'ConfigurationApplied',
    'Apply',
    `applied configuration ${hash}: ${listed}`,
  );
}

/** Hash of all rendered configuration (ConfigMap data), the audit trail's identifier. */
export function configHash(desired: readonly KubeObject[]): string {
  const configMaps = desired
    .filter((o) => o.kind === 'ConfigMap')
    .map((o) => ({ name: o.metadata.name, data: o['data'] }));
  return hashObject(configMaps);
}

function observe(deps: ReconcilerDeps, instance: Instance, spec: EffectiveSpec): Outcome {
  const name = instance.metadata.name;
  const namespace = instance.metadata.namespace;
  const names = childNames(name);
  const workloads = (['prosody', 'jicofo', 'jvb', 'web'] as const).map((component) => {
    const kind = component === 'web' ? 'Deployment' : 'StatefulSet';
    const live = deps.owned.get(`apps/v1/${kind}`)?.get(namespace, names.workload(component));
    return observeWorkload(live, component, kind, names.workload(component));
  });
  return { kind: 'applied', workloads, residency: residencyOf(deps, instance, spec) };
}

/**
 * Observes where the pods run, judged by the spec's residency rule. For an invalid spec it uses
 * the rule the last valid spec put in status, so an invalid update does not hide the pods.
 */
function residencyFor(
  deps: ReconcilerDeps,
  instance: Instance,
  spec: EffectiveSpec | undefined,
): ResidencyObservation | undefined {
  if (spec !== undefined) return residencyOf(deps, instance, spec);
  const previous = instance.status?.residency;
  if (previous === undefined) return undefined;
  return observeFromRule(deps, instance, previous.labelKey, previous.allowedRegions);
}

function residencyOf(
  deps: ReconcilerDeps,
  instance: Instance,
  spec: EffectiveSpec,
): ResidencyObservation {
  return observeFromRule(deps, instance, spec.residency.labelKey, spec.residency.allowedRegions);
}

function observeFromRule(
  deps: ReconcilerDeps,
  instance: Instance,
  labelKey: string,
  allowedRegions: readonly string[],
): ResidencyObservation {
  const pods = deps.pods
    .list(instance.metadata.namespace)
    .filter((pod) => pod.metadata.labels?.[LABELS.instance] === instance.metadata.name);
  return observeResidency(
    pods,
    (node) => deps.nodes.get(undefined, node)?.metadata.labels,
    labelKey,
    allowedRegions,
    LABELS.component,
  );
}

function toOutcome(err: unknown): Outcome {
  if (err instanceof TerminalError) return { kind: 'invalid', message: err.message };
  if (err instanceof StepError && err.cause instanceof TerminalError)
    return { kind: 'invalid', message: err.cause.message };
  const cause = err instanceof StepError ? err.cause : err;
  if (cause instanceof BlockedError)
    return { kind: 'blocked', reason: cause.reason, message: cause.message };
  const step = err instanceof StepError ? err.step : 'unknown';
  return { kind: 'failed', step, message: describe(cause) };
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message}: ${describe(err.cause)}` : err.message;
}

async function recordFailure(
  deps: ReconcilerDeps,
  instance: Instance,
  outcome: Outcome,
): Promise<void> {
  if (outcome.kind === 'applied') return;
  const reason =
    outcome.kind === 'invalid'
      ? REASON.invalidSpec
      : outcome.kind === 'blocked'
        ? outcome.reason
        : REASON.stepFailed;
  const message =
    outcome.kind === 'failed' ? `step ${outcome.step} failed: ${outcome.message}` : outcome.message;
  await deps.events.record(instance, 'Warning', reason, 'Reconcile', message);
}
