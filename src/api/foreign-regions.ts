import { euEeaStatus, isAdequacyCountry } from './countries.ts';
import type { Provider } from './regions.ts';

/**
 * Node region label values of provider regions outside the EU/EEA and outside the countries with
 * an adequacy decision: the US, Latin America, Africa, the Middle East, China and most of
 * Asia-Pacific.
 *
 * An instance can never run on these, and `spec.residency.customRegions` must not declare them,
 * because declaring `us-east-1` as `DE` would let pods run in Virginia while the instance reports
 * itself compliant. Values are exact and case-sensitive, like the lists in `regions.ts`.
 *
 * Sources: AWS regions come from boto/botocore botocore/data/partitions.json (partitions aws,
 * aws-cn, aws-us-gov); ap-east-2, ap-southeast-7 and mx-central-1 are newer than the copy read and
 * carry a note. The other providers' values follow their published region names as of 2026.
 * NOTE: those were not re-read against a provider file or a live node, so a value may be
 * missing; the naming patterns below catch AWS, Google Cloud and Azure values that are.
 * Exoscale, Scaleway, STACKIT, Open Telekom Cloud and S3NS have no region in this group.
 *
 * Because the lists cannot name regions a provider opens later, `FOREIGN_REGION_PATTERNS` also
 * matches the naming schemes of AWS, Google Cloud and Azure regions in those parts of the world.
 */

/** One provider region outside the EU/EEA and the adequacy countries. */
export interface ForeignRegion {
  provider: Provider;
  /** Exact value of the node's region label. */
  value: string;
  /** ISO 3166-1 alpha-2 code of the country the data centre is in. */
  country: string;
  /** City, state or site, as the provider names it. */
  location: string;
  /** Detail of this entry that is not confirmed. */
  note?: string;
}

function region(
  provider: Provider,
  value: string,
  country: string,
  location: string,
  note?: string,
): ForeignRegion {
  if (euEeaStatus(country) !== undefined || isAdequacyCountry(country)) {
    throw new Error(
      `region ${value} of ${provider} is in ${country}, which is in the EU/EEA or has an adequacy decision`,
    );
  }
  return note === undefined
    ? { provider, value, country, location }
    : { provider, value, country, location, note };
}

const DERIVED = 'label form derived, not observed';
const NEWER = 'not in the copy of botocore partitions.json that was read';

/** Provider regions outside the EU/EEA and the adequacy countries, grouped by provider. */
export const FOREIGN_REGIONS: readonly ForeignRegion[] = [
  region('aws', 'us-east-1', 'US', 'N. Virginia'),
  region('aws', 'us-east-2', 'US', 'Ohio'),
  region('aws', 'us-west-1', 'US', 'N. California'),
  region('aws', 'us-west-2', 'US', 'Oregon'),
  region('aws', 'us-gov-east-1', 'US', 'GovCloud (US-East)'),
  region('aws', 'us-gov-west-1', 'US', 'GovCloud (US-West)'),
  region('aws', 'af-south-1', 'ZA', 'Cape Town'),
  region('aws', 'ap-east-1', 'HK', 'Hong Kong'),
  region('aws', 'ap-east-2', 'TW', 'Taipei', NEWER),
  region('aws', 'ap-south-1', 'IN', 'Mumbai'),
  region('aws', 'ap-south-2', 'IN', 'Hyderabad'),
  region('aws', 'ap-southeast-1', 'SG', 'Singapore'),
  region('aws', 'ap-southeast-2', 'AU', 'Sydney'),
  region('aws', 'ap-southeast-3', 'ID', 'Jakarta'),
  region('aws', 'ap-southeast-4', 'AU', 'Melbourne'),
  region('aws', 'ap-southeast-5', 'MY', 'Malaysia'),
  region('aws', 'ap-southeast-7', 'TH', 'Thailand', NEWER),
  region('aws', 'me-south-1', 'BH', 'Bahrain'),
  region('aws', 'me-central-1', 'AE', 'UAE'),
  region('aws', 'sa-east-1', 'BR', 'São Paulo'),
  region('aws', 'mx-central-1', 'MX', 'Mexico', NEWER),
  region('aws', 'cn-north-1', 'CN', 'Beijing'),
  region('aws', 'cn-northwest-1', 'CN', 'Ningxia'),

  region('gcp', 'us-central1', 'US', 'Iowa'),
  region('gcp', 'us-east1', 'US', 'South Carolina'),
  region('gcp', 'us-east4', 'US', 'N. Virginia'),
  region('gcp', 'us-east5', 'US', 'Columbus'),
  region('gcp', 'us-south1', 'US', 'Dallas'),
  region('gcp', 'us-west1', 'US', 'Oregon'),
  region('gcp', 'us-west2', 'US', 'Los Angeles'),
  region('gcp', 'us-west3', 'US', 'Salt Lake City'),
  region('gcp', 'us-west4', 'US', 'Las Vegas'),
  region('gcp', 'northamerica-south1', 'MX', 'Querétaro'),
  region('gcp', 'southamerica-east1', 'BR', 'São Paulo'),
  region('gcp', 'southamerica-west1', 'CL', 'Santiago'),
  region('gcp', 'asia-east1', 'TW', 'Changhua County'),
  region('gcp', 'asia-east2', 'HK', 'Hong Kong'),
  region('gcp', 'asia-south1', 'IN', 'Mumbai'),
  region('gcp', 'asia-south2', 'IN', 'Delhi'),
  region('gcp', 'asia-southeast1', 'SG', 'Singapore'),
  region('gcp', 'asia-southeast2', 'ID', 'Jakarta'),
  region('gcp', 'australia-southeast1', 'AU', 'Sydney'),
  region('gcp', 'australia-southeast2', 'AU', 'Melbourne'),
  region('gcp', 'me-central1', 'QA', 'Doha'),
  region('gcp', 'me-central2', 'SA', 'Dammam'),
  region('gcp', 'africa-south1', 'ZA', 'Johannesburg'),

  region('azure', 'eastus', 'US', 'Virginia'),
  region('azure', 'eastus2', 'US', 'Virginia'),
  region('azure', 'centralus', 'US', 'Iowa'),
  region('azure', 'northcentralus', 'US', 'Illinois'),
  region('azure', 'southcentralus', 'US', 'Texas'),
  region('azure', 'westcentralus', 'US', 'Wyoming'),
  region('azure', 'westus', 'US', 'California'),
  region('azure', 'westus2', 'US', 'Washington'),
  region('azure', 'westus3', 'US', 'Arizona'),
  region('azure', 'usgovvirginia', 'US', 'US Gov Virginia'),
  region('azure', 'usgovarizona', 'US', 'US Gov Arizona'),
  region('azure', 'usgovtexas', 'US', 'US Gov Texas'),
  region('azure', 'mexicocentral', 'MX', 'Querétaro'),
  region('azure', 'brazilsouth', 'BR', 'São Paulo State'),
  region('azure', 'brazilsoutheast', 'BR', 'Rio'),
  region('azure', 'chilecentral', 'CL', 'Santiago'),
  region('azure', 'southafricanorth', 'ZA', 'Johannesburg'),
  region('azure', 'southafricawest', 'ZA', 'Cape Town'),
  region('azure', 'uaenorth', 'AE', 'Dubai'),
  region('azure', 'uaecentral', 'AE', 'Abu Dhabi'),
  region('azure', 'qatarcentral', 'QA', 'Doha'),
  region('azure', 'centralindia', 'IN', 'Pune'),
  region('azure', 'southindia', 'IN', 'Chennai'),
  region('azure', 'westindia', 'IN', 'Mumbai'),
  region('azure', 'jioindiawest', 'IN', 'Jamnagar'),
  region('azure', 'jioindiacentral', 'IN', 'Nagpur'),
  region('azure', 'eastasia', 'HK', 'Hong Kong'),
  region('azure', 'southeastasia', 'SG', 'Singapore'),
  region('azure', 'indonesiacentral', 'ID', 'Jakarta'),
  region('azure', 'malaysiawest', 'MY', 'Kuala Lumpur'),
  region('azure', 'australiaeast', 'AU', 'New South Wales'),
  region('azure', 'australiasoutheast', 'AU', 'Victoria'),
  region('azure', 'australiacentral', 'AU', 'Canberra'),
  region('azure', 'australiacentral2', 'AU', 'Canberra'),
  region('azure', 'chinanorth', 'CN', 'Beijing'),
  region('azure', 'chinanorth2', 'CN', 'Beijing'),
  region('azure', 'chinanorth3', 'CN', 'Hebei'),
  region('azure', 'chinaeast', 'CN', 'Shanghai'),
  region('azure', 'chinaeast2', 'CN', 'Shanghai'),
  region('azure', 'chinaeast3', 'CN', 'Shanghai'),

  region('hetzner', 'ash', 'US', 'Ashburn'),
  region('hetzner', 'hil', 'US', 'Hillsboro'),
  region('hetzner', 'sin', 'SG', 'Singapore'),

  region('ovh', 'US-EAST-VA-1', 'US', 'Vint Hill', DERIVED),
  region('ovh', 'US-WEST-OR-1', 'US', 'Hillsboro', DERIVED),
  region('ovh', 'SGP1', 'SG', 'Singapore'),
  region('ovh', 'SYD1', 'AU', 'Sydney'),

  region('ionos', 'us-las', 'US', 'Las Vegas', DERIVED),
  region('ionos', 'us-ewr', 'US', 'Newark', DERIVED),
  region('ionos', 'us-mci', 'US', 'Lenexa', DERIVED),

  region('digitalocean', 'nyc1', 'US', 'New York'),
  region('digitalocean', 'nyc2', 'US', 'New York'),
  region('digitalocean', 'nyc3', 'US', 'New York'),
  region('digitalocean', 'sfo1', 'US', 'San Francisco'),
  region('digitalocean', 'sfo2', 'US', 'San Francisco'),
  region('digitalocean', 'sfo3', 'US', 'San Francisco'),
  region('digitalocean', 'atl1', 'US', 'Atlanta'),
  region('digitalocean', 'sgp1', 'SG', 'Singapore'),
  region('digitalocean', 'blr1', 'IN', 'Bangalore'),
  region('digitalocean', 'syd1', 'AU', 'Sydney'),

  region('linode', 'us-east', 'US', 'Newark'),
  region('linode', 'us-central', 'US', 'Dallas'),
  region('linode', 'us-west', 'US', 'Fremont'),
  region('linode', 'us-southeast', 'US', 'Atlanta'),
  region('linode', 'us-iad', 'US', 'Washington, DC'),
  region('linode', 'us-ord', 'US', 'Chicago'),
  region('linode', 'us-sea', 'US', 'Seattle'),
  region('linode', 'us-lax', 'US', 'Los Angeles'),
  region('linode', 'us-mia', 'US', 'Miami'),
  region('linode', 'br-gru', 'BR', 'São Paulo'),
  region('linode', 'ap-south', 'SG', 'Singapore'),
  region('linode', 'sg-sin-2', 'SG', 'Singapore'),
  region('linode', 'ap-west', 'IN', 'Mumbai'),
  region('linode', 'in-maa', 'IN', 'Chennai'),
  region('linode', 'in-bom-2', 'IN', 'Mumbai'),
  region('linode', 'id-cgk', 'ID', 'Jakarta'),
  region('linode', 'ap-southeast', 'AU', 'Sydney'),
  region('linode', 'au-mel', 'AU', 'Melbourne'),

  region('upcloud', 'us-chi1', 'US', 'Chicago'),
  region('upcloud', 'us-nyc1', 'US', 'New York'),
  region('upcloud', 'us-sjo1', 'US', 'San Jose'),
  region('upcloud', 'sg-sin1', 'SG', 'Singapore'),
  region('upcloud', 'au-syd1', 'AU', 'Sydney'),
];

/** Every distinct value of `FOREIGN_REGIONS`, sorted. */
export const FOREIGN_REGION_VALUES: readonly string[] = [
  ...new Set(FOREIGN_REGIONS.map((r) => r.value)),
].sort();

/** Returns the entries for a label value. */
export function findForeignRegions(value: string): ForeignRegion[] {
  return FOREIGN_REGIONS.filter((r) => r.value === value);
}

/** A region naming scheme of one provider that only regions outside Europe follow. */
export interface ForeignRegionPattern {
  provider: Provider;
  /** Anchored regular expression, valid in RE2 and in JavaScript. */
  pattern: string;
  /** Part of the world such regions are in, with the prefix, for messages. */
  area: string;
}

/**
 * Naming schemes of AWS, Google Cloud and Azure regions outside Europe, so a region opened after
 * this list was written is rejected too. A value in the EU/EEA or adequacy lists (such as AWS
 * ap-southeast-6 in New Zealand) is a built-in region and is never checked against them.
 */
export const FOREIGN_REGION_PATTERNS: readonly ForeignRegionPattern[] = [
  {
    provider: 'aws',
    pattern: '^(us|sa|af|cn|mx|me)(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$',
    area: 'the US, South America, Africa, China, Mexico or the Middle East (us-*, sa-*, af-*, cn-*, mx-*, me-*)',
  },
  {
    provider: 'aws',
    pattern: '^ap-(east|south|southeast)-[0-9]+$',
    area: 'Asia-Pacific (ap-east-*, ap-south-*, ap-southeast-*)',
  },
  {
    provider: 'gcp',
    pattern: '^(us|southamerica|africa)-[a-z]+[0-9]+$',
    area: 'the US, South America or Africa (us-*, southamerica-*, africa-*)',
  },
  {
    provider: 'gcp',
    pattern: '^(asia-(east|south|southeast)|australia-[a-z]+|me-central|northamerica-south)[0-9]+$',
    area: 'Asia-Pacific, the Middle East or Mexico (asia-*, australia-*, me-central*, northamerica-south*)',
  },
  {
    provider: 'azure',
    pattern:
      '^((east|west|central|northcentral|southcentral|westcentral)us[0-9]*|usgov[a-z]+|' +
      '(central|south|west)india|(east|southeast)asia|' +
      '(brazil|southafrica|uae|qatar|jioindia|australia|china|indonesia|malaysia|mexico|chile|taiwan)' +
      '(north|south|east|west|central|southeast)[0-9]*)$',
    area: 'the US, Latin America, Africa, the Middle East, China or Asia-Pacific (eastus, brazilsouth, centralindia, ...)',
  },
];

/** One regular expression that matches every pattern of `FOREIGN_REGION_PATTERNS`. */
export const FOREIGN_REGION_PATTERN = FOREIGN_REGION_PATTERNS.map((p) => `(${p.pattern})`).join(
  '|',
);

const COMPILED = FOREIGN_REGION_PATTERNS.map((p) => ({ ...p, regex: new RegExp(p.pattern, 'u') }));

/** Returns the naming scheme a label value follows, if any. */
export function findForeignRegionPattern(value: string): ForeignRegionPattern | undefined {
  return COMPILED.find((p) => p.regex.test(value));
}
