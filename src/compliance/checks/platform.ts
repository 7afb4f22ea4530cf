/**
 * Placement, provider, images and certificates (K8-01 to K8-05): where the pods run, who runs
 * the machines, what runs in the pods, and where certificates come from.
 */
import { IMAGE_DEFAULTS } from '../../api/defaults.ts';
import { COMPONENTS } from '../../api/types.ts';
import { findAdequacyRegions, findEuEeaRegions } from '../../api/regions.ts';
import { evidence, expect, fail, judge, notApplicable, pass, type Finding } from '../evidence.ts';
import { allowedAdequacyRegions, describeAdequacyRegions } from '../residency.ts';
import { containersOf, viewOf, type Workload } from '../view.ts';
import type { CheckDefinition, ComplianceContext, Evaluation } from '../types.ts';
import { envOff } from './helpers.ts';

/** Tags that move to new images without notice. */
const FLOATING_TAGS = new Set(['latest', 'stable', 'unstable', 'nightly']);

export const PLATFORM_CHECKS: CheckDefinition[] = [
  {
    id: 'K8-01',
    title: 'Pods run only on nodes in the allowed regions',
    category: 'K8',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 44 ff., Art. 45; DSK guidance on video conferencing §3.5.6',
    measure:
      'Node affinity pins every pod to nodes labelled with an allowed region: one in the EU/EEA, or, only with spec.residency.allowAdequacyRegions, one in a country with an EU adequacy decision.',
    evaluate: placement,
  },
  {
    id: 'K8-02',
    title: 'Provider jurisdiction',
    category: 'K8',
    enforceable: false,
    owner: 'controller',
    goal: 'confidentiality',
    basis: 'Art. 48; EDPB/EDPS response on the US CLOUD Act (2019); EDPB Recommendations 01/2020',
    measure:
      'The hosting provider’s legal entity and parent are documented, with a transfer impact assessment where a non-EU parent can be compelled to disclose.',
    evaluate: (ctx) => {
      const providers = [
        ...new Set(
          ctx.spec.residency.allowedRegions.flatMap((r) =>
            [...findEuEeaRegions(r), ...findAdequacyRegions(r)].map((x) => x.provider),
          ),
        ),
      ].sort();
      return notApplicable(
        'the operator sees region labels, not contracts; the controller must document the hosting provider’s legal entity and parent company',
        [
          evidence(
            'GdprJitsiMeet spec',
            'residency.allowedRegions (providers)',
            providers.length > 0 ? providers.join(', ') : 'custom regions only',
          ),
        ],
      );
    },
  },
  {
    id: 'K8-03',
    title: 'Pinned images and read-only root file systems',
    category: 'K8',
    enforceable: true,
    owner: 'operator',
    goal: 'integrity',
    basis: 'Art. 32(1)(b)',
    measure:
      'Every container runs a pinned release image with a read-only root file system; the operator reverts configuration drift.',
    evaluate: integrity,
  },
  {
    id: 'K8-04',
    title: 'Patch level of the images',
    category: 'K8',
    enforceable: true,
    owner: 'operator',
    goal: 'integrity',
    basis: 'Art. 32(1)(d); DSK guidance on video conferencing §4.3',
    measure:
      'Images are the release this operator version was tested with; operator upgrades move them forward.',
    evaluate: patchLevel,
  },
  {
    id: 'K8-05',
    title: 'Certificates issued deliberately',
    category: 'K8',
    enforceable: true,
    owner: 'operator',
    goal: 'transparency',
    basis: 'Art. 30(1)(d)',
    measure:
      'The web image requests no certificates itself; the certificate source is named in the record of processing.',
    evaluate: (ctx) => {
      const tls = ctx.spec.tls;
      const issuer =
        tls.issuerRef === undefined
          ? undefined
          : `${tls.issuerRef.kind ?? 'Issuer'} ${tls.issuerRef.name}`;
      const findings: Finding[] = [
        ...envOff(ctx, ['ENABLE_LETSENCRYPT']),
        {
          evidence: evidence(
            'GdprJitsiMeet spec',
            'tls',
            issuer ?? (tls.secretName === undefined ? undefined : `Secret ${tls.secretName}`),
          ),
        },
      ];
      const source =
        issuer !== undefined
          ? `cert-manager ${issuer}`
          : tls.secretName !== undefined
            ? `Secret ${tls.secretName}`
            : "the ingress controller's default certificate";
      return judge(
        findings,
        `the web image requests no certificate; certificates come from ${source}`,
      );
    },
  },
];

function placement(ctx: ComplianceContext): Evaluation {
  const { labelKey, allowedRegions } = ctx.spec.residency;
  const allowed = new Set(allowedRegions);
  const findings: Finding[] = viewOf(ctx).workloads.map((w) => {
    const source = `${w.kind} ${w.name}`;
    const key = `required node affinity ${labelKey}`;
    const values = requiredRegionValues(w, labelKey);
    if (values === undefined) {
      return {
        evidence: evidence(source, key, undefined),
        problem: `${source} does not require a node label ${labelKey} with an allowed region`,
      };
    }
    const outside = values.filter((v) => !allowed.has(v));
    const same = outside.length === 0 && values.length === allowed.size;
    const affinityText =
      same && values.length > 5 ? `the ${values.length} allowed regions` : values.join(', ');
    const ev = evidence(source, key, affinityText);
    if (outside.length === 0) return { evidence: ev };
    return {
      evidence: ev,
      problem: `${source} may run in ${outside.join(', ')}, outside the allowed regions`,
    };
  });
  for (const pod of ctx.live?.pods ?? []) {
    const ev = evidence(`Pod ${pod.name}`, `node ${pod.node} ${labelKey}`, pod.region || undefined);
    if (allowed.has(pod.region)) {
      findings.push({ evidence: ev });
      continue;
    }
    const where = pod.region === '' ? `no ${labelKey} label` : `${labelKey}=${pod.region}`;
    findings.push({
      evidence: ev,
      problem: `pod ${pod.name} runs on node ${pod.node} with ${where}, outside the allowed regions`,
    });
  }
  if (findings.length === 0) return fail('no workloads found');
  const live = ctx.live ? `, and ${ctx.live.pods.length} running pods are on such nodes` : '';
  return judge(
    findings,
    `every pod template requires a node in ${describeRegions(allowedRegions)}${live}${adequacyNote(ctx)}`,
  );
}

/**
 * States the allowed regions outside the EU/EEA. They pass, because the spec names them and
 * validation admits them only with spec.residency.allowAdequacyRegions, but the message must not
 * read as EU/EEA-only.
 */
function adequacyNote(ctx: ComplianceContext): string {
  const regions = allowedAdequacyRegions(ctx.spec);
  if (regions.length === 0) return '';
  const count =
    regions.length === 1
      ? '1 allowed region is in an adequacy country'
      : `${regions.length} allowed regions are in adequacy countries`;
  return `; ${count}, so pods may run outside the EU/EEA under an adequacy decision (Art. 45 GDPR): ${describeAdequacyRegions(regions)}`;
}

/** Lists a few regions by name, or counts a long list (the built-in list has about 80). */
function describeRegions(regions: readonly string[]): string {
  if (regions.length <= 5) return `the allowed regions ${regions.join(', ')}`;
  return `one of the ${regions.length} allowed regions`;
}

/**
 * Returns the region values a pod template allows, or undefined when some term leaves the region
 * open. Required node selector terms are ORed, so each one must restrict the label with `In`. A
 * plain `nodeSelector` on the label counts too.
 */
function requiredRegionValues(workload: Workload, labelKey: string): string[] | undefined {
  const spec = workload.podSpec as {
    nodeSelector?: Record<string, string>;
    affinity?: {
      nodeAffinity?: {
        requiredDuringSchedulingIgnoredDuringExecution?: {
          nodeSelectorTerms?: {
            matchExpressions?: { key: string; operator: string; values?: string[] }[];
          }[];
        };
      };
    };
  };
  const fixed = spec.nodeSelector?.[labelKey];
  if (fixed !== undefined) return [fixed];
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return undefined;
  const values: string[] = [];
  for (const term of terms) {
    const exprs = (term.matchExpressions ?? []).filter(
      (e) => e.key === labelKey && e.operator === 'In',
    );
    if (exprs.length === 0) return undefined;
    values.push(...(exprs[0]?.values ?? []));
  }
  return [...new Set(values)].sort();
}

function integrity(ctx: ComplianceContext): Evaluation {
  const findings: Finding[] = [];
  for (const w of viewOf(ctx).workloads) {
    for (const c of containersOf(w.podSpec, true)) {
      const source = `${w.kind} ${w.name}/${c.name}`;
      findings.push(
        expect(
          source,
          'securityContext.readOnlyRootFilesystem',
          c.securityContext?.readOnlyRootFilesystem,
          (v) => v === true,
          'true',
        ),
      );
      findings.push(
        expect(
          source,
          'image',
          c.image,
          (v) => typeof v === 'string' && pinned(v),
          'a release tag or digest, not a floating tag',
        ),
      );
    }
  }
  if (findings.length === 0) return fail('no workloads found');
  const digests = findings
    .filter((f) => f.evidence.key === 'image')
    .every((f) => f.evidence.value.includes('@sha256:'));
  const note = digests
    ? 'images are pinned by digest'
    : 'images are pinned by release tag, not by digest, so the registry decides what a tag points to';
  return judge(findings, `every root file system is read-only; ${note}`);
}

function pinned(image: string): boolean {
  if (image.includes('@sha256:')) return true;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag !== undefined && !FLOATING_TAGS.has(tag);
}

function patchLevel(ctx: ComplianceContext): Evaluation {
  const tested = IMAGE_DEFAULTS.tag;
  // Only Jitsi images: the operator's own image (retention jobs) follows the operator release.
  const jitsi = viewOf(ctx).workloads.filter((w) => isComponent(w.component));
  const images = [
    ...new Set(jitsi.flatMap((w) => containersOf(w.podSpec, true).map((c) => c.image ?? ''))),
  ].sort();
  const ev = images.map((image) => evidence('pod templates', 'image', image));
  const tags = images.map((image) => /:([^/:@]+)(@.*)?$/.exec(image)?.[1] ?? '');
  if (tags.every((t) => t === tested))
    return pass(`every image is ${tested}, the release this operator version was tested with`, ev);
  const older = tags.filter((t) => compareStable(t, tested) < 0);
  if (older.length > 0)
    return fail(
      `${[...new Set(older)].join(', ')} is older than ${tested}, the release this operator version was tested with`,
      ev,
    );
  return notApplicable(
    `image tags differ from ${tested}; whoever set them must keep them within the agreed patch window`,
    ev,
  );
}

/** Orders docker-jitsi-meet `stable-NNNN[-N]` tags; returns 0 when either tag has another form. */
function compareStable(a: string, b: string): number {
  const parse = (t: string) => /^stable-(\d+)(?:-(\d+))?$/.exec(t);
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return 0;
  return Number(x[1]) - Number(y[1]) || Number(x[2] ?? 0) - Number(y[2] ?? 0);
}

function isComponent(component: string | undefined): boolean {
  return (COMPONENTS as readonly (string | undefined)[]).includes(component);
}
