/**
 * Facts about one deployment that several documents state: components and images, regions and
 * nodes, authentication, certificates, retention and hashes. Each fact is read from the objects,
 * the spec or the check results, never assumed.
 */
import {
  describeCountry,
  findAdequacyRegions,
  findEuEeaRegions,
  PROVIDERS,
} from '../../api/regions.ts';
import { LABELS } from '../../resources/labels.ts';
import { isTrue } from '../checks/helpers.ts';
import { configurationHash, shortHash } from '../hash.ts';
import { findHosts } from '../hosts.ts';
import {
  allowedAdequacyRegions,
  podsOutsideAllowedRegions,
  type AdequacyRegionInUse,
} from '../residency.ts';
import type { ComplianceReport } from '../run.ts';
import { compareText } from '../text.ts';
import {
  RESULT_LABELS,
  type CheckResult,
  type ComplianceContext,
  type PodPlacement,
} from '../types.ts';
import { containersOf, viewOf } from '../view.ts';

export interface ComponentFact {
  component: string;
  kind: string;
  name: string;
  images: string[];
}

export interface DeploymentFacts {
  instance: string;
  namespace: string;
  domain: string;
  source: 'live' | 'rendered';
  operatorVersion: string | undefined;
  components: ComponentFact[];
  /** One sentence on who may create rooms. */
  authentication: string;
  authenticationOn: boolean;
  /** People without an account may join rooms a host opened. */
  guestsAllowed: boolean;
  /** Hosts sign in with accounts stored on the Prosody volume (`AUTH_TYPE` internal). */
  hostAccounts: boolean;
  labelKey: string;
  allowedRegions: { value: string; description: string }[];
  /** Allowed regions outside the EU/EEA, in countries with an EU adequacy decision. */
  adequacyRegions: AdequacyRegionInUse[];
  /** `spec.residency.allowAdequacyRegions`, the opt-in for such regions. */
  allowAdequacyRegions: boolean;
  /** Running pods on nodes outside the allowed regions; empty offline. */
  podsOutsideRegions: PodPlacement[];
  /** Running pods and their nodes; only when read from the cluster. */
  placements: PodPlacement[] | undefined;
  certificates: string;
  logsDays: number;
  prosodyDays: number;
  dataDeletionPolicy: string;
  /** Hosts the nodes pull images from. */
  registries: string[];
  configHash: string;
  evidenceHash: string;
  results: Map<string, CheckResult>;
}

export function deploymentFacts(
  context: ComplianceContext,
  report: ComplianceReport,
  configHash?: string,
): DeploymentFacts {
  const view = viewOf(context);
  const spec = context.spec;
  const components = view.workloads
    .map((w) => ({
      component: w.component ?? w.name,
      kind: w.kind,
      name: w.name,
      images: [...new Set(containersOf(w.podSpec, true).map((c) => c.image ?? ''))].sort(),
    }))
    .sort((a, b) => compareText(a.name, b.name));
  const images = components.flatMap((c) => c.images);
  const prosodyEnv = view.envRecord('prosody');
  const authOn = isTrue(prosodyEnv['ENABLE_AUTH']);
  const guestsAllowed = authOn && isTrue(prosodyEnv['ENABLE_GUESTS']);
  return {
    instance: context.instance.name,
    namespace: context.instance.namespace,
    domain: spec.domain,
    source: report.source,
    operatorVersion: context.objects
      .map((o) => o.metadata.labels?.[LABELS.operatorVersion])
      .find((v) => v !== undefined),
    components,
    authentication: authOn
      ? `authentication is on (${prosodyEnv['AUTH_TYPE'] ?? 'internal'}); guests ${guestsAllowed ? 'may join' : 'are not allowed'}`
      : `no authentication is configured: anyone who can reach https://${spec.domain} can create and join rooms`,
    authenticationOn: authOn,
    guestsAllowed,
    hostAccounts: authOn && (prosodyEnv['AUTH_TYPE'] ?? 'internal') === 'internal',
    labelKey: spec.residency.labelKey,
    allowedRegions: spec.residency.allowedRegions.map((value) => ({
      value,
      description: describeRegion(context, value),
    })),
    adequacyRegions: allowedAdequacyRegions(spec),
    allowAdequacyRegions: spec.residency.allowAdequacyRegions,
    podsOutsideRegions: podsOutsideAllowedRegions(context),
    placements: context.live?.pods.slice().sort((a, b) => compareText(a.name, b.name)),
    certificates: certificateSource(context),
    logsDays: spec.retention.logs.maxAgeDays,
    prosodyDays: spec.retention.prosodyData.maxAgeDays,
    dataDeletionPolicy: spec.dataDeletionPolicy,
    registries: [...new Set(images.map(registryOf))].sort(),
    configHash: configHash ?? configurationHash(context.objects),
    evidenceHash: shortHash({ results: report.results, hostScan: report.hostScan }),
    results: new Map(report.results.map((r) => [r.id, r])),
  };
}

/** `eu-central-1: AWS, Frankfurt, Germany (EU)`, from the built-in lists or the custom regions. */
function describeRegion(context: ComplianceContext, value: string): string {
  const custom = context.spec.residency.customRegions.find((r) => r.value === value);
  if (custom !== undefined) return `custom region in ${describeCountry(custom.country)}`;
  const known = [...findEuEeaRegions(value), ...findAdequacyRegions(value)];
  if (known.length === 0) return 'not in the built-in region lists';
  return known
    .map((r) => `${PROVIDERS[r.provider]}, ${r.location}, ${describeCountry(r.country)}`)
    .join('; ');
}

function certificateSource(context: ComplianceContext): string {
  const tls = context.spec.tls;
  if (tls.issuerRef !== undefined) {
    return `cert-manager ${tls.issuerRef.kind ?? 'Issuer'} ${tls.issuerRef.name} (the certificate authority behind it is OPEN)`;
  }
  if (tls.secretName !== undefined)
    return `Secret ${tls.secretName}, provided by the cluster administrator (issuer OPEN)`;
  return "the ingress controller's default certificate (issuer OPEN)";
}

/** Registry host of an image reference; Docker Hub when the first part is not a host. */
function registryOf(image: string): string {
  const first = image.split('/')[0] ?? '';
  if (
    image.includes('/') &&
    (first.includes('.') || first.includes(':') || first === 'localhost')
  ) {
    return findHosts(`https://${first}`)[0] ?? first;
  }
  return 'docker.io';
}

/**
 * Returns the label of a check's result (`pass`, `fail`, `relaxed` or the open label of
 * `not-applicable`), or `missing` when the report has no such check.
 */
export function resultOf(facts: DeploymentFacts, id: string): string {
  const result = facts.results.get(id)?.result;
  return result === undefined ? 'missing' : RESULT_LABELS[result];
}
