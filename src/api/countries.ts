/**
 * ISO 3166-1 alpha-2 country codes that decide where an instance may run.
 *
 * EU/EEA means the 27 EU member states plus Iceland, Liechtenstein and Norway, the three EEA states
 * outside the EU. The GDPR applies in all 30, so data may flow between them without a transfer
 * mechanism. Greece is `GR` (ISO), not the EU's own abbreviation `EL`.
 */

/** The 27 EU member states, as of 2026. */
export const EU_COUNTRIES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const; // prettier-ignore

/** EEA members outside the EU. */
export const EEA_ONLY_COUNTRIES = ['IS', 'LI', 'NO'] as const;

/** Every EU/EEA country, sorted. */
export const EU_EEA_COUNTRIES: readonly string[] = [...EU_COUNTRIES, ...EEA_ONLY_COUNTRIES].sort();

/**
 * Countries and territories with an EU adequacy decision under Art. 45 GDPR that covers the whole
 * jurisdiction, sorted. Canada's decision covers commercial organisations under PIPEDA only. The
 * United States is left out on purpose: its decision (EU-US Data Privacy Framework) covers only
 * organisations certified under it, not a location. Source: the European Commission's list of
 * adequacy decisions as summarised by activemind.legal (guides/adequacy-decision), read in 2026.
 */
export const ADEQUACY_COUNTRIES = [
  'AD', 'AR', 'CA', 'CH', 'FO', 'GB', 'GG', 'IL', 'IM', 'JE', 'JP', 'KR', 'NZ', 'UY',
] as const; // prettier-ignore

/** English short names, for messages and documents. */
export const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  AD: 'Andorra',
  AR: 'Argentina',
  AT: 'Austria',
  BE: 'Belgium',
  BG: 'Bulgaria',
  CA: 'Canada',
  CH: 'Switzerland',
  CY: 'Cyprus',
  CZ: 'Czechia',
  DE: 'Germany',
  DK: 'Denmark',
  EE: 'Estonia',
  ES: 'Spain',
  FI: 'Finland',
  FO: 'Faroe Islands',
  FR: 'France',
  GB: 'United Kingdom',
  GG: 'Guernsey',
  GR: 'Greece',
  HR: 'Croatia',
  HU: 'Hungary',
  IE: 'Ireland',
  IL: 'Israel',
  IM: 'Isle of Man',
  IS: 'Iceland',
  IT: 'Italy',
  JE: 'Jersey',
  JP: 'Japan',
  KR: 'Republic of Korea',
  LI: 'Liechtenstein',
  LT: 'Lithuania',
  LU: 'Luxembourg',
  LV: 'Latvia',
  MT: 'Malta',
  NL: 'Netherlands',
  NO: 'Norway',
  NZ: 'New Zealand',
  PL: 'Poland',
  PT: 'Portugal',
  RO: 'Romania',
  SE: 'Sweden',
  SI: 'Slovenia',
  SK: 'Slovakia',
  UY: 'Uruguay',
};

/** `EU` for member states, `EEA` for Iceland, Liechtenstein and Norway, otherwise undefined. */
export function euEeaStatus(country: string): 'EU' | 'EEA' | undefined {
  if ((EU_COUNTRIES as readonly string[]).includes(country)) return 'EU';
  if ((EEA_ONLY_COUNTRIES as readonly string[]).includes(country)) return 'EEA';
  return undefined;
}

/** True for a country with a whole-jurisdiction adequacy decision. */
export function isAdequacyCountry(country: string): boolean {
  return (ADEQUACY_COUNTRIES as readonly string[]).includes(country);
}

/** `DE (Germany)`, or the bare code when the name is not listed. */
export function describeCountry(country: string): string {
  const name = COUNTRY_NAMES[country];
  return name === undefined ? country : `${country} (${name})`;
}
