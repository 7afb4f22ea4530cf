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

/**
 * Every officially assigned ISO 3166-1 alpha-2 code (249), sorted. It was checked against the
 * region names in Node 24's ICU data: each code here has a name there, and the other codes ICU
 * names are reserved or withdrawn (EU, UK, XK, AN, ...).
 */
export const ISO_COUNTRY_CODES: readonly string[] = [
  'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW',
  'AX', 'AZ', 'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN',
  'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY', 'BZ', 'CA', 'CC', 'CD', 'CF', 'CG',
  'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW', 'CX', 'CY', 'CZ',
  'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ', 'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET', 'FI',
  'FJ', 'FK', 'FM', 'FO', 'FR', 'GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL',
  'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY', 'HK', 'HM', 'HN', 'HR',
  'HT', 'HU', 'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT', 'JE', 'JM',
  'JO', 'JP', 'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ', 'LA',
  'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY', 'MA', 'MC', 'MD', 'ME',
  'MF', 'MG', 'MH', 'MK', 'ML', 'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS', 'MT', 'MU',
  'MV', 'MW', 'MX', 'MY', 'MZ', 'NA', 'NC', 'NE', 'NF', 'NG', 'NI', 'NL', 'NO', 'NP',
  'NR', 'NU', 'NZ', 'OM', 'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM', 'PN', 'PR',
  'PS', 'PT', 'PW', 'PY', 'QA', 'RE', 'RO', 'RS', 'RU', 'RW', 'SA', 'SB', 'SC', 'SD',
  'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST', 'SV',
  'SX', 'SY', 'SZ', 'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO',
  'TR', 'TT', 'TV', 'TW', 'TZ', 'UA', 'UG', 'UM', 'US', 'UY', 'UZ', 'VA', 'VC', 'VE',
  'VG', 'VI', 'VN', 'VU', 'WF', 'WS', 'YE', 'YT', 'ZA', 'ZM', 'ZW',
]; // prettier-ignore

/** True for an officially assigned ISO 3166-1 alpha-2 code. */
export function isIsoCountryCode(code: string): boolean {
  return ISO_COUNTRY_CODES.includes(code);
}

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

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/**
 * `DE (Germany)`. Countries missing from `COUNTRY_NAMES` take their English name from the ICU
 * data of the runtime; a code without a name stays bare.
 */
export function describeCountry(country: string): string {
  const name =
    COUNTRY_NAMES[country] ?? (isIsoCountryCode(country) ? REGION_NAMES.of(country) : undefined);
  return name === undefined ? country : `${country} (${name})`;
}
