/**
 * Residency facts for the placement check (K8-01) and the transfer field of the record of
 * processing activities. They are the allowed regions in countries with an EU adequacy decision,
 * and the running pods outside the allowed regions.
 */
import { describeCountry, findAdequacyRegions, isAdequacyCountry } from '../api/regions.ts';
import type { EffectiveSpec } from '../api/types.ts';
import { compareText } from './text.ts';
import type { ComplianceContext, PodPlacement } from './types.ts';

/** An allowed region outside the EU/EEA, in a country with an EU adequacy decision. */
export interface AdequacyRegionInUse {
  value: string;
  /** ISO 3166-1 alpha-2 codes, because a label value may name regions of several providers. */
  countries: string[];
}

/** Returns the allowed regions in adequacy countries, from the built-in list or `customRegions`. */
export function allowedAdequacyRegions(spec: EffectiveSpec): AdequacyRegionInUse[] {
  const out: AdequacyRegionInUse[] = [];
  for (const value of spec.residency.allowedRegions) {
    const custom = spec.residency.customRegions.find((r) => r.value === value);
    const countries =
      custom === undefined
        ? findAdequacyRegions(value).map((r) => r.country)
        : [custom.country].filter(isAdequacyCountry);
    if (countries.length > 0) out.push({ value, countries: [...new Set(countries)].sort() });
  }
  return out.sort((a, b) => compareText(a.value, b.value));
}

/** Describes each region as `eu-west-2 in GB (United Kingdom)`, joined by commas. */
export function describeAdequacyRegions(regions: readonly AdequacyRegionInUse[]): string {
  return regions
    .map((r) => `${r.value} in ${r.countries.map(describeCountry).join(' or ')}`)
    .join(', ');
}

/** Lists the distinct countries of the regions, e.g. `GB (United Kingdom)`. */
export function adequacyCountries(regions: readonly AdequacyRegionInUse[]): string[] {
  return [...new Set(regions.flatMap((r) => r.countries))].sort().map(describeCountry);
}

/** Returns the running pods whose node's region label is not allowed, none offline. */
export function podsOutsideAllowedRegions(context: ComplianceContext): PodPlacement[] {
  const allowed = new Set(context.spec.residency.allowedRegions);
  return (context.live?.pods ?? [])
    .filter((pod) => !allowed.has(pod.region))
    .sort((a, b) => compareText(a.name, b.name));
}

/** Describes a pod as `meet-jvb-0 on node n1 (region us-east-1)` or `(no region label)`. */
export function describePlacement(pod: PodPlacement): string {
  const region = pod.region === '' ? 'no region label' : `region ${pod.region}`;
  return `${pod.name} on node ${pod.node} (${region})`;
}
