import { celList, celString } from './cel.ts';
import { LABEL_KEYS, RESTRICTED_LABEL_PREFIX, SCHEMA_DEFAULTS } from './defaults.ts';
import { COUNTRY_PATTERN, LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN } from './patterns.ts';
import {
  ADEQUACY_COUNTRIES,
  ADEQUACY_REGION_VALUES,
  describeCountry,
  EU_EEA_COUNTRIES,
  EU_EEA_REGION_VALUES,
  findAdequacyRegions,
  findEuEeaRegions,
  findForeignRegionPattern,
  findForeignRegions,
  FOREIGN_REGION_PATTERN,
  FOREIGN_REGION_VALUES,
  isAdequacyCountry,
  isIsoCountryCode,
  PROVIDERS,
} from './regions.ts';
import { bool, list, obj, rule, str, type SchemaNode } from './schema-node.ts';
import type { ResidencySpec } from './types.ts';

/** Bounds that keep the CEL cost estimate of the region rules low. */
export const MAX_ALLOWED_REGIONS = 128;
export const MAX_CUSTOM_REGIONS = 64;

const EU_VALUES = celList(EU_EEA_REGION_VALUES);
const ADEQUACY_VALUES = celList(ADEQUACY_REGION_VALUES);
const EU_COUNTRY_LIST = celList(EU_EEA_COUNTRIES);
const ADEQUACY_COUNTRY_LIST = celList(ADEQUACY_COUNTRIES);
const ADEQUACY_ON = 'has(self.allowAdequacyRegions) && self.allowAdequacyRegions';

/** CEL: the allowedRegions value `r` is permitted. */
const REGION_PERMITTED =
  `r in ${EU_VALUES} || (has(self.customRegions) && self.customRegions.exists(c, c.value == r))` +
  ` || (${ADEQUACY_ON} && r in ${ADEQUACY_VALUES})`;

/** CEL: the custom region `c` is in a permitted country. */
const COUNTRY_PERMITTED = `c.country in ${EU_COUNTRY_LIST} || (${ADEQUACY_ON} && c.country in ${ADEQUACY_COUNTRY_LIST})`;

/** CEL: the custom region `c` reuses a provider region value. */
const CUSTOM_IS_BUILT_IN = `c.value in ${EU_VALUES} || c.value in ${ADEQUACY_VALUES}`;

const FOREIGN_VALUES = celList(FOREIGN_REGION_VALUES);

/** CEL: the custom region `c` is a provider region outside the EU/EEA and adequacy countries. */
const CUSTOM_IS_FOREIGN =
  `!(${CUSTOM_IS_BUILT_IN}) && ` +
  `(c.value in ${FOREIGN_VALUES} || c.value.matches(${celString(FOREIGN_REGION_PATTERN)}))`;

/** An EU/EEA region to suggest in messages. */
const EXAMPLE_EU_REGION = 'eu-central-1 (AWS Frankfurt)';

/**
 * Describes a label value that is, or is named like, a provider region outside the EU/EEA and the
 * adequacy countries; undefined for any other value.
 */
function describeForeignRegion(value: string): string | undefined {
  const known = findForeignRegions(value)[0];
  if (known !== undefined) {
    return `the ${PROVIDERS[known.provider]} region ${known.location}, ${describeCountry(known.country)}`;
  }
  const pattern = findForeignRegionPattern(value);
  if (pattern !== undefined) {
    return `named like a ${PROVIDERS[pattern.provider]} region in ${pattern.area}`;
  }
  return undefined;
}

function mode(self: ResidencySpec): string {
  return self.labelMode ?? SCHEMA_DEFAULTS.labelMode;
}

function describeAllowedRegion(
  self: ResidencySpec,
  value: string,
  index: number,
): string | undefined {
  if (EU_EEA_REGION_VALUES.includes(value)) return undefined;
  if ((self.customRegions ?? []).some((c) => c.value === value)) return undefined;
  const adequacy = findAdequacyRegions(value)[0];
  if (adequacy !== undefined) {
    if (self.allowAdequacyRegions === true) return undefined;
    return (
      `allowedRegions[${index}] '${value}' is ${adequacy.location}, ${describeCountry(adequacy.country)}, ` +
      'outside the EU/EEA; set allowAdequacyRegions: true to allow regions in countries with an ' +
      'adequacy decision, or remove it'
    );
  }
  const foreign = describeForeignRegion(value);
  if (foreign !== undefined) {
    return (
      `allowedRegions[${index}] '${value}' is ${foreign}, outside the EU/EEA and without an ` +
      `adequacy decision; remove it and run the instance in an EU/EEA region such as ${EXAMPLE_EU_REGION}`
    );
  }
  return (
    `allowedRegions[${index}] '${value}' is not in the built-in EU/EEA region list (values are ` +
    'exact and case-sensitive); use a listed provider region, or, for a site of your own in the ' +
    'EU/EEA, declare its label value in customRegions with its country'
  );
}

const RULES = [
  rule<ResidencySpec>({
    rule: `!has(self.labelKey) || self.labelKey == '${LABEL_KEYS.standard}' || (has(self.labelMode) && self.labelMode != 'Standard')`,
    message: `labelKey must be ${LABEL_KEYS.standard} or absent when labelMode is Standard; set labelMode to Restricted or Custom to read another label`,
    fieldPath: '.labelKey',
    check: (self) =>
      mode(self) === 'Standard' &&
      self.labelKey !== undefined &&
      self.labelKey !== LABEL_KEYS.standard
        ? `labelKey '${self.labelKey}' is not ${LABEL_KEYS.standard}, the only key of labelMode Standard; set labelMode to Restricted or Custom to read another label`
        : undefined,
  }),
  rule<ResidencySpec>({
    rule: `!has(self.labelMode) || self.labelMode != 'Restricted' || !has(self.labelKey) || self.labelKey.startsWith('${RESTRICTED_LABEL_PREFIX}')`,
    message: `labelKey must start with ${RESTRICTED_LABEL_PREFIX} when labelMode is Restricted, because only such labels cannot be set by a kubelet on its own Node; omit labelKey to use ${LABEL_KEYS.restricted}`,
    fieldPath: '.labelKey',
    check: (self) =>
      mode(self) === 'Restricted' &&
      self.labelKey !== undefined &&
      !self.labelKey.startsWith(RESTRICTED_LABEL_PREFIX)
        ? `labelKey '${self.labelKey}' does not start with ${RESTRICTED_LABEL_PREFIX}, which labelMode Restricted requires because kubelets cannot set those labels on their own Node; omit labelKey to use ${LABEL_KEYS.restricted}`
        : undefined,
  }),
  rule<ResidencySpec>({
    rule: "!has(self.labelMode) || self.labelMode != 'Custom' || has(self.labelKey)",
    message:
      'labelKey is required when labelMode is Custom; set the node label key that holds the site, e.g. residency.example.com/site',
    fieldPath: '.labelKey',
    reason: 'FieldValueRequired',
    check: (self) =>
      mode(self) === 'Custom' && self.labelKey === undefined
        ? 'labelKey is required when labelMode is Custom; set the node label key that holds the site, e.g. residency.example.com/site'
        : undefined,
  }),
  rule<ResidencySpec>({
    rule: `!has(self.allowedRegions) || self.allowedRegions.all(r, ${REGION_PERMITTED})`,
    message:
      'every allowedRegions value must be in the built-in EU/EEA region list (exact, case-sensitive), be declared in customRegions with its country, or be a region in an adequacy country, such as eu-west-2 (London), with allowAdequacyRegions: true',
    fieldPath: '.allowedRegions',
    check: (self) => {
      const problems = (self.allowedRegions ?? [])
        .map((value, index) => describeAllowedRegion(self, value, index))
        .filter((p) => p !== undefined);
      return problems.length === 0 ? undefined : problems.join('; ');
    },
  }),
  rule<ResidencySpec>({
    rule: `!has(self.customRegions) || self.customRegions.all(c, ${COUNTRY_PERMITTED})`,
    message:
      'every customRegions country must be the ISO 3166-1 alpha-2 code of an EU/EEA country, e.g. DE, or of a country with an EU adequacy decision together with allowAdequacyRegions: true',
    fieldPath: '.customRegions',
    check: (self) => {
      const adequacyOn = self.allowAdequacyRegions === true;
      const problems = (self.customRegions ?? []).flatMap((c, index) => {
        if (EU_EEA_COUNTRIES.includes(c.country)) return [];
        if (isAdequacyCountry(c.country)) {
          if (adequacyOn) return [];
          return [
            `customRegions[${index}] '${c.value}' is in ${describeCountry(c.country)}, outside the EU/EEA; set allowAdequacyRegions: true to allow countries with an adequacy decision`,
          ];
        }
        if (!isIsoCountryCode(c.country)) {
          return [
            `customRegions[${index}] '${c.value}' has country '${c.country}', which is not an ISO 3166-1 alpha-2 country code; set the two-letter code of the country the site is in, e.g. DE`,
          ];
        }
        return [
          `customRegions[${index}] '${c.value}' is in ${describeCountry(c.country)}, which is neither in the EU/EEA nor has an EU adequacy decision; only sites in those countries can be declared`,
        ];
      });
      return problems.length === 0 ? undefined : problems.join('; ');
    },
  }),
  rule<ResidencySpec>({
    rule: `!has(self.customRegions) || self.customRegions.all(c, !(${CUSTOM_IS_BUILT_IN}))`,
    message:
      'customRegions must not redeclare a built-in provider region value, because the operator already knows its country; remove it from customRegions',
    fieldPath: '.customRegions',
    check: (self) => {
      const problems = (self.customRegions ?? []).flatMap((c, index) => {
        const known = [...findEuEeaRegions(c.value), ...findAdequacyRegions(c.value)][0];
        if (known === undefined) return [];
        return [
          `customRegions[${index}] '${c.value}' is the built-in region ${known.location}, ${describeCountry(known.country)}; the operator already knows its country, so remove it from customRegions`,
        ];
      });
      return problems.length === 0 ? undefined : problems.join('; ');
    },
  }),
  rule<ResidencySpec>({
    rule: `!has(self.customRegions) || self.customRegions.all(c, !(${CUSTOM_IS_FOREIGN}))`,
    message:
      'customRegions must not declare a cloud provider region outside the EU/EEA (such as us-east-1, us-central1 or eastus), because its nodes stay where the provider runs them whatever country is declared; remove it and run the instance in an EU/EEA region such as eu-central-1',
    fieldPath: '.customRegions',
    check: (self) => {
      const problems = (self.customRegions ?? []).flatMap((c, index) => {
        const builtIn = findEuEeaRegions(c.value).length + findAdequacyRegions(c.value).length;
        if (builtIn > 0) return [];
        const foreign = describeForeignRegion(c.value);
        if (foreign === undefined) return [];
        return [
          `customRegions[${index}] '${c.value}' is ${foreign}, outside the EU/EEA; declaring it as ${c.country} does not move its nodes, so remove it and run the instance in an EU/EEA region such as ${EXAMPLE_EU_REGION}`,
        ];
      });
      return problems.length === 0 ? undefined : problems.join('; ');
    },
  }),
];

/** Schema of `spec.residency`. */
export const RESIDENCY_SCHEMA: SchemaNode = obj(
  'Where the instance may run. Every Jitsi pod gets a required node affinity on the label below, ' +
    'so it is scheduled only on nodes whose label value is allowed. Default: the label ' +
    `${LABEL_KEYS.standard} and the built-in EU/EEA region list.`,
  {
    labelMode: str(
      "How the operator reads a node's location. Standard: the label " +
        `${LABEL_KEYS.standard}, set by cloud providers, which a kubelet may also set on its own ` +
        `Node. Restricted: a label under ${RESTRICTED_LABEL_PREFIX}, which a kubelet cannot set ` +
        'on itself when the NodeRestriction admission plugin is on; an administrator copies the ' +
        'region into it. Custom: any label key, for on-premises clusters. Default: Standard.',
      { enum: ['Standard', 'Restricted', 'Custom'], default: SCHEMA_DEFAULTS.labelMode },
    ),
    labelKey: str(
      'Node label key that holds the region. Standard: must be absent or ' +
        `${LABEL_KEYS.standard}. Restricted: must start with ${RESTRICTED_LABEL_PREFIX}; ` +
        `default ${LABEL_KEYS.restricted}. Custom: required. Max 317 characters.`,
      { pattern: LABEL_KEY_PATTERN, maxLength: 317 },
    ),
    allowedRegions: list(
      'Exact label values pods may run on, compared case-sensitively (OVHcloud uses upper case, ' +
        'e.g. GRA11). Each must be in the built-in EU/EEA provider region list, declared in ' +
        'customRegions, or, with allowAdequacyRegions, in the built-in adequacy-country list. ' +
        'Default: absent, which means the built-in EU/EEA list of the running operator version ' +
        'plus every customRegions value; the list is not copied into the object, so a newer ' +
        `operator version's list reaches existing objects. 1 to ${MAX_ALLOWED_REGIONS} values.`,
      str('Region label value, max 63 characters.', {
        pattern: LABEL_VALUE_PATTERN,
        maxLength: 63,
      }),
      { listType: 'set', minItems: 1, maxItems: MAX_ALLOWED_REGIONS },
    ),
    customRegions: list(
      'Label values that are not cloud provider regions (on-premises sites, or a Custom label), ' +
        'each with the country it is in. The country must be in the EU/EEA, or have an EU ' +
        'adequacy decision with allowAdequacyRegions. A built-in provider value cannot be ' +
        'redeclared, and a provider region outside the EU/EEA (us-east-1, us-central1, eastus, ' +
        `...) cannot be declared. Default: none. Max ${MAX_CUSTOM_REGIONS} entries.`,
      obj(
        'A site and its country.',
        {
          value: str('Label value as it appears on the nodes, max 63 characters.', {
            pattern: LABEL_VALUE_PATTERN,
            maxLength: 63,
          }),
          country: str(
            'ISO 3166-1 alpha-2 code of the country the site is in, upper case, e.g. DE.',
            { pattern: COUNTRY_PATTERN, maxLength: 2 },
          ),
        },
        { required: ['value', 'country'] },
      ),
      { listType: 'map', listMapKeys: ['value'], maxItems: MAX_CUSTOM_REGIONS },
    ),
    allowAdequacyRegions: bool(
      'Permit regions in countries with an EU adequacy decision (UK, Switzerland, Israel, Japan, ' +
        'Republic of Korea, Canada, New Zealand, ...) in allowedRegions and customRegions, e.g. ' +
        'eu-west-2 (London). It never adds provider regions by itself: list them in allowedRegions. ' +
        'Such regions are outside the EU/EEA, so record the transfer basis. Default: false.',
      { default: SCHEMA_DEFAULTS.allowAdequacyRegions },
    ),
  },
  { default: {}, rules: RULES },
);
