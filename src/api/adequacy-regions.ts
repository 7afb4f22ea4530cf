import { isAdequacyCountry } from './countries.ts';
import type { Provider } from './regions.ts';

/**
 * Node region label values of provider regions in countries with an EU adequacy decision.
 *
 * These are outside the EU/EEA, so an instance may use them only with
 * `spec.residency.allowAdequacyRegions: true`. Values are matched exactly, like the EU/EEA list in
 * `regions.ts`, and come from the same provider sources. Several carry a European-looking prefix
 * (`eu-west-2`, `europe-west2`, `eu-west`) but are in London.
 */

/** One provider region in a country with an adequacy decision. */
export interface AdequacyRegion {
  provider: Provider;
  /** Exact value of the node's region label. */
  value: string;
  /** ISO 3166-1 alpha-2 code of the country the data centre is in. */
  country: string;
  /** City or site, as the provider names it. */
  location: string;
}

function region(
  provider: Provider,
  value: string,
  country: string,
  location: string,
): AdequacyRegion {
  if (!isAdequacyCountry(country)) {
    throw new Error(
      `region ${value} of ${provider} is in ${country}, which has no adequacy decision`,
    );
  }
  return { provider, value, country, location };
}

/** Provider regions in adequacy countries, grouped by provider. */
export const ADEQUACY_REGIONS: readonly AdequacyRegion[] = [
  region('aws', 'eu-west-2', 'GB', 'London'),
  region('aws', 'eu-central-2', 'CH', 'Zurich'),
  region('aws', 'il-central-1', 'IL', 'Tel Aviv'),
  region('aws', 'ca-central-1', 'CA', 'Montréal'),
  region('aws', 'ca-west-1', 'CA', 'Calgary'),
  region('aws', 'ap-northeast-1', 'JP', 'Tokyo'),
  region('aws', 'ap-northeast-2', 'KR', 'Seoul'),
  region('aws', 'ap-northeast-3', 'JP', 'Osaka'),
  region('aws', 'ap-southeast-6', 'NZ', 'New Zealand'),

  region('gcp', 'europe-west2', 'GB', 'London'),
  region('gcp', 'europe-west6', 'CH', 'Zurich'),
  region('gcp', 'me-west1', 'IL', 'Tel Aviv'),
  region('gcp', 'northamerica-northeast1', 'CA', 'Montréal'),
  region('gcp', 'northamerica-northeast2', 'CA', 'Toronto'),
  region('gcp', 'asia-northeast1', 'JP', 'Tokyo'),
  region('gcp', 'asia-northeast2', 'JP', 'Osaka'),
  region('gcp', 'asia-northeast3', 'KR', 'Seoul'),

  region('azure', 'uksouth', 'GB', 'London'),
  region('azure', 'ukwest', 'GB', 'Cardiff'),
  region('azure', 'switzerlandnorth', 'CH', 'Zurich'),
  region('azure', 'switzerlandwest', 'CH', 'Geneva'),
  region('azure', 'israelcentral', 'IL', 'Israel'),
  region('azure', 'canadacentral', 'CA', 'Toronto'),
  region('azure', 'canadaeast', 'CA', 'Québec'),
  region('azure', 'japaneast', 'JP', 'Tokyo'),
  region('azure', 'japanwest', 'JP', 'Osaka'),
  region('azure', 'koreacentral', 'KR', 'Seoul'),
  region('azure', 'koreasouth', 'KR', 'Busan'),
  region('azure', 'newzealandnorth', 'NZ', 'Auckland'),

  region('ovh', 'UK1', 'GB', 'London (Erith)'),
  region('ovh', 'BHS5', 'CA', 'Beauharnois'),

  region('ionos', 'gb-lhr', 'GB', 'London'),
  region('ionos', 'gb-bhx', 'GB', 'Worcester'),

  region('otc', 'eu-ch2', 'CH', 'Switzerland'),

  region('exoscale', 'ch-gva-2', 'CH', 'Geneva'),
  region('exoscale', 'ch-dk-2', 'CH', 'Zurich'),

  region('digitalocean', 'lon1', 'GB', 'London'),
  region('digitalocean', 'tor1', 'CA', 'Toronto'),

  region('linode', 'eu-west', 'GB', 'London'),
  region('linode', 'gb-lon', 'GB', 'London'),
  region('linode', 'ca-central', 'CA', 'Toronto'),
  region('linode', 'ap-northeast', 'JP', 'Tokyo'),
  region('linode', 'jp-osa', 'JP', 'Osaka'),

  region('upcloud', 'uk-lon1', 'GB', 'London'),
];

/** Every distinct value of `ADEQUACY_REGIONS`, sorted. */
export const ADEQUACY_REGION_VALUES: readonly string[] = [
  ...new Set(ADEQUACY_REGIONS.map((r) => r.value)),
].sort();

/** Returns the entries for a label value. */
export function findAdequacyRegions(value: string): AdequacyRegion[] {
  return ADEQUACY_REGIONS.filter((r) => r.value === value);
}

/*
 * Deliberately absent: AWS eu-isoe-west-1 (air-gapped ISO-E partition; the country is only
 * inferred from its `.uk` DNS suffix) and OVH CA-EAST-TOR (code not confirmed). US regions are
 * never listed, because the US adequacy decision covers certified organisations, not places.
 */
