import { euEeaStatus } from './countries.ts';

/**
 * Node region label values of the common cloud providers that mean a location in the EU/EEA.
 *
 * Each value is what the provider's cloud controller manager writes into
 * `topology.kubernetes.io/region`, so it is compared exactly and case-sensitively, as node
 * affinity compares it. A prefix means nothing: `eu-west-2` is London and `eu-central-2` is
 * Zurich. The list was compiled in 2026 from the provider sources named above each block; values
 * whose label form or location is not confirmed carry a `note`. Oracle, IBM and Alibaba Cloud are
 * not listed because no source stated the region label value their nodes carry; declare an
 * observed value in `spec.residency.customRegions` with its country.
 *
 * Adequacy-country regions (UK, Switzerland, Israel, ...) live in `adequacy-regions.ts`, and
 * regions that are in neither group (US, Asia-Pacific, ...) in `foreign-regions.ts`.
 */

export const PROVIDERS = {
  aws: 'AWS',
  gcp: 'Google Cloud',
  s3ns: 'S3NS',
  azure: 'Microsoft Azure',
  hetzner: 'Hetzner Cloud',
  ovh: 'OVHcloud',
  ionos: 'IONOS Cloud',
  scaleway: 'Scaleway',
  stackit: 'STACKIT',
  otc: 'Open Telekom Cloud',
  exoscale: 'Exoscale',
  digitalocean: 'DigitalOcean',
  linode: 'Linode (Akamai)',
  upcloud: 'UpCloud',
} as const;
export type Provider = keyof typeof PROVIDERS;

/** One provider region in the EU/EEA. */
export interface EuEeaRegion {
  provider: Provider;
  /** Exact value of the node's region label. */
  value: string;
  /** ISO 3166-1 alpha-2 code of the country the data centre is in. */
  country: string;
  /** `EU` for a member state, `EEA` for Iceland, Liechtenstein or Norway. */
  status: 'EU' | 'EEA';
  /** City or site, as the provider names it. */
  location: string;
  /** What is not confirmed about this entry. */
  note?: string;
}

function region(
  provider: Provider,
  value: string,
  country: string,
  location: string,
  note?: string,
): EuEeaRegion {
  const status = euEeaStatus(country);
  if (status === undefined) {
    throw new Error(`region ${value} of ${provider} is in ${country}, which is not in the EU/EEA`);
  }
  return note === undefined
    ? { provider, value, country, status, location }
    : { provider, value, country, status, location, note };
}

/** Provider regions in the EU/EEA, grouped by provider. */
export const EU_EEA_REGIONS: readonly EuEeaRegion[] = [
  // AWS: region label = region code. Sources: aws/aws-sdk-js-v3 util-endpoints partitions.json
  // (partitions aws and aws-eusc), boto/botocore botocore/data/partitions.json.
  region('aws', 'eu-central-1', 'DE', 'Frankfurt'),
  region('aws', 'eu-west-1', 'IE', 'Dublin'),
  region('aws', 'eu-west-3', 'FR', 'Paris'),
  region('aws', 'eu-south-1', 'IT', 'Milan'),
  region('aws', 'eu-south-2', 'ES', 'Aragón'),
  region('aws', 'eu-north-1', 'SE', 'Stockholm'),
  region('aws', 'eusc-de-east-1', 'DE', 'Brandenburg (European Sovereign Cloud)',
    'EKS availability in this partition not confirmed'), // prettier-ignore

  // Google Cloud: region label = region. Sources: cloud.google.com GKE supported regions and
  // locations pages; SpareCores/sc-crawler src/sc_crawler/vendors/_gcp.py.
  region('gcp', 'europe-west1', 'BE', 'St. Ghislain'),
  region('gcp', 'europe-west3', 'DE', 'Frankfurt'),
  region('gcp', 'europe-west4', 'NL', 'Eemshaven'),
  region('gcp', 'europe-west8', 'IT', 'Milan'),
  region('gcp', 'europe-west9', 'FR', 'Paris'),
  region('gcp', 'europe-west10', 'DE', 'Berlin'),
  region('gcp', 'europe-west12', 'IT', 'Turin'),
  region('gcp', 'europe-southwest1', 'ES', 'Madrid'),
  region('gcp', 'europe-central2', 'PL', 'Warsaw'),
  region('gcp', 'europe-north1', 'FI', 'Hamina'),
  region('gcp', 'europe-north2', 'SE', 'Stockholm'),

  // S3NS (Google-based trusted cloud in France). Source: documentation.s3ns.fr regions and zones.
  region('s3ns', 'u-france-east1', 'FR', 'France',
    'label value assumed to equal the region name'), // prettier-ignore

  // Azure: region label = programmatic location name. Sources: MicrosoftDocs/reliability-docs
  // articles/reliability/regions-list.md (2025-09); cloud-provider-azure availability-zones docs.
  region('azure', 'westeurope', 'NL', 'Netherlands'),
  region('azure', 'northeurope', 'IE', 'Dublin'),
  region('azure', 'germanywestcentral', 'DE', 'Frankfurt'),
  region('azure', 'germanynorth', 'DE', 'Berlin'),
  region('azure', 'francecentral', 'FR', 'Paris'),
  region('azure', 'francesouth', 'FR', 'Marseille'),
  region('azure', 'swedencentral', 'SE', 'Gävle'),
  region('azure', 'swedensouth', 'SE', 'Malmö area'),
  region('azure', 'italynorth', 'IT', 'Milan'),
  region('azure', 'polandcentral', 'PL', 'Warsaw'),
  region('azure', 'spaincentral', 'ES', 'Madrid'),
  region('azure', 'austriaeast', 'AT', 'Vienna'),
  region('azure', 'belgiumcentral', 'BE', 'Brussels'),
  region('azure', 'denmarkeast', 'DK', 'Copenhagen', 'listed as coming soon in September 2025'),
  region('azure', 'norwayeast', 'NO', 'Oslo'),
  region('azure', 'norwaywest', 'NO', 'Stavanger'),

  // Hetzner Cloud: region label = location. Sources: hetznercloud/hcloud-cloud-controller-manager
  // docs/guides/zone-label.md and hcloud/instances.go.
  region('hetzner', 'fsn1', 'DE', 'Falkenstein'),
  region('hetzner', 'nbg1', 'DE', 'Nuremberg'),
  region('hetzner', 'hel1', 'FI', 'Helsinki'),

  // OVHcloud Managed Kubernetes: region label = OpenStack region in upper case. Sources: node
  // label dump in GreenKubeCloud/GreenKube issue 184; ovh/public-cloud-roadmap issues.
  region('ovh', 'GRA5', 'FR', 'Gravelines'),
  region('ovh', 'GRA7', 'FR', 'Gravelines'),
  region('ovh', 'GRA9', 'FR', 'Gravelines'),
  region('ovh', 'GRA11', 'FR', 'Gravelines'),
  region('ovh', 'SBG5', 'FR', 'Strasbourg'),
  region('ovh', 'SBG7', 'FR', 'Strasbourg'),
  region('ovh', 'RBX-A', 'FR', 'Roubaix', 'code taken from third-party configurations'),
  region('ovh', 'EU-WEST-PAR', 'FR', 'Paris'),
  region('ovh', 'EU-SOUTH-MIL', 'IT', 'Milan'),
  region('ovh', 'DE1', 'DE', 'Frankfurt (Limburg)'),
  region('ovh', 'WAW1', 'PL', 'Warsaw'),

  // IONOS Cloud: region label = API location with `/` replaced by `-`. Only es-vit was seen on a
  // node; the others follow the same rule. Sources: ionos-cloud/ionosctl location docs,
  // ionos-cloud/terraform-provider-ionoscloud docs.
  region('ionos', 'de-fra', 'DE', 'Frankfurt', 'label form derived, not observed'),
  region('ionos', 'de-fra-2', 'DE', 'Frankfurt', 'label form derived, not observed'),
  region('ionos', 'de-txl', 'DE', 'Berlin', 'label form derived, not observed'),
  region('ionos', 'de-fkb', 'DE', 'Karlsruhe', 'label form derived, not observed'),
  region('ionos', 'es-vit', 'ES', 'Spain'),
  region('ionos', 'fr-par', 'FR', 'Paris', 'label form derived, not observed'),

  // Scaleway Kapsule: region label = region. Sources: scaleway/scaleway-cloud-controller-manager
  // scaleway/instances.go; scaleway/scaleway-sdk-go scw/locality.go.
  region('scaleway', 'fr-par', 'FR', 'Paris'),
  region('scaleway', 'nl-ams', 'NL', 'Amsterdam'),
  region('scaleway', 'pl-waw', 'PL', 'Warsaw'),
  region('scaleway', 'it-mil', 'IT', 'Milan', 'Kapsule availability not confirmed'),

  // STACKIT SKE. Sources: stackitcloud/terraform-provider-stackit examples (zones eu01-*),
  // stackitcloud/stackit-cli issue 997 (zones eu02-*).
  region('stackit', 'eu01', 'DE', 'Heilbronn area',
    'nodes may carry the OpenStack default RegionOne instead; check a live node'), // prettier-ignore
  region('stackit', 'eu02', 'DE', 'Germany',
    'site not confirmed; nodes may carry RegionOne instead; check a live node'), // prettier-ignore

  // Open Telekom Cloud CCE: region label = region. Source: opentelekomcloud-docs/docsportal
  // doc/source/additional/endpoints.rst.
  region('otc', 'eu-de', 'DE', 'Biere/Magdeburg'),
  region('otc', 'eu-nl', 'NL', 'Amsterdam'),

  // Exoscale SKS: the zone is written into the region label. Sources:
  // exoscale/exoscale-cloud-controller-manager exoscale/instances_v2.go and exoscale/zones.go.
  region('exoscale', 'de-fra-1', 'DE', 'Frankfurt'),
  region('exoscale', 'de-muc-1', 'DE', 'Munich'),
  region('exoscale', 'at-vie-1', 'AT', 'Vienna'),
  region('exoscale', 'at-vie-2', 'AT', 'Vienna'),
  region('exoscale', 'bg-sof-1', 'BG', 'Sofia'),

  // DigitalOcean DOKS: region label = region slug. Source:
  // digitalocean/digitalocean-cloud-controller-manager docs/controllers/node/labels.md.
  region('digitalocean', 'ams2', 'NL', 'Amsterdam', 'legacy region, not offered for DOKS'),
  region('digitalocean', 'ams3', 'NL', 'Amsterdam'),
  region('digitalocean', 'fra1', 'DE', 'Frankfurt'),

  // Linode (Akamai) LKE: region label = region id. Sources: linode/linode-cloud-controller-manager
  // cloud/linode/instances.go; linode/linodego test/integration/fixtures/TestRegions_List.yaml.
  region('linode', 'eu-central', 'DE', 'Frankfurt'),
  region('linode', 'de-fra-2', 'DE', 'Frankfurt', 'seen in third-party lists only'),
  region('linode', 'fr-par', 'FR', 'Paris'),
  region('linode', 'nl-ams', 'NL', 'Amsterdam'),
  region('linode', 'it-mil', 'IT', 'Milan'),
  region('linode', 'se-sto', 'SE', 'Stockholm'),
  region('linode', 'es-mad', 'ES', 'Madrid'),

  // UpCloud UKS: the zone is written into the region label. Sources:
  // UpCloudLtd/upcloud-cloud-controller-manager internal/instance/utils.go.
  region('upcloud', 'de-fra1', 'DE', 'Frankfurt'),
  region('upcloud', 'fi-hel1', 'FI', 'Helsinki'),
  region('upcloud', 'fi-hel2', 'FI', 'Helsinki'),
  region('upcloud', 'nl-ams1', 'NL', 'Amsterdam'),
  region('upcloud', 'pl-waw1', 'PL', 'Warsaw'),
  region('upcloud', 'es-mad1', 'ES', 'Madrid'),
  region('upcloud', 'se-sto1', 'SE', 'Stockholm'),
  region('upcloud', 'dk-cph1', 'DK', 'Copenhagen'),
  region('upcloud', 'no-svg1', 'NO', 'Stavanger'),
];

/**
 * The built-in EU/EEA list: every distinct value of `EU_EEA_REGIONS`, sorted. An instance without
 * `spec.residency.allowedRegions` may run on nodes with these values (plus its custom regions),
 * so a newer operator version with a longer list reaches existing objects.
 */
export const EU_EEA_REGION_VALUES: readonly string[] = [
  ...new Set(EU_EEA_REGIONS.map((r) => r.value)),
].sort();

/** Returns the entries for a label value; several providers may use the same value. */
export function findEuEeaRegions(value: string): EuEeaRegion[] {
  return EU_EEA_REGIONS.filter((r) => r.value === value);
}

/*
 * Deliberately absent, each with the reason:
 * - finlandcentral, greececentral (Azure): announced, not in Microsoft's region list yet.
 * - europe-west15 (Google Cloud): location unknown.
 * - eu-west (Linode): London, despite the prefix; see adequacy-regions.ts.
 * - RegionOne: the OpenStack default name, used by many unrelated clouds.
 * - external: what the Exoscale controller writes for nodes outside Exoscale.
 * - Civo FRA1: its controller may not set the region label at all, and the case is unknown.
 */

// One import point for every residency list.
export * from './adequacy-regions.ts';
export * from './foreign-regions.ts';
export * from './countries.ts';
