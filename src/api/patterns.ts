/**
 * Regular expressions of the schema. Each must mean the same in Go's RE2 (API server) and in
 * JavaScript with the `u` flag (ajv), so they use no lookaround and no backreferences.
 */

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

/** RFC 1123 label, e.g. a namespace name (max 63 characters). */
export const DNS_LABEL_PATTERN = `^${DNS_LABEL}$`;

/** RFC 1123 subdomain, e.g. a Secret or Gateway name (max 253 characters). */
export const DNS_SUBDOMAIN_PATTERN = `^${DNS_LABEL}(\\.${DNS_LABEL})*$`;

/**
 * Lowercase DNS name with at least one dot whose last label starts with a letter, so IPv4
 * addresses and single-label names such as `localhost` do not match.
 */
export const DOMAIN_PATTERN =
  '^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$';

/** Non-empty label value (max 63 characters). */
export const LABEL_VALUE_PATTERN = '^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$';

/** Label value that may be empty, as in node selectors and tolerations. */
export const OPTIONAL_LABEL_VALUE_PATTERN = '^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$';

/**
 * Label key: an optional DNS subdomain prefix and `/`, then a name.
 * NOTE: the pattern does not limit the name part to 63 characters. The API server still rejects
 * a longer name when the operator writes the key into a pod's node affinity.
 */
export const LABEL_KEY_PATTERN = `^(${DNS_LABEL}(\\.${DNS_LABEL})*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$`;

/** ISO 3166-1 alpha-2 code in upper case. */
export const COUNTRY_PATTERN = '^[A-Z]{2}$';

/** Non-negative Kubernetes quantity such as `500m`, `1`, `1.5`, `256Mi` or `1e3`. */
export const QUANTITY_PATTERN =
  '^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?$';

/** Registry host with optional port and path, e.g. `ghcr.io/jitsi` or `registry.example.eu:5000/jitsi`. */
export const IMAGE_PREFIX_PATTERN =
  '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$';

/** Image tag as the OCI distribution spec defines it. */
export const IMAGE_TAG_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$';

/** Condition type or reason: CamelCase identifier, as in metav1.Condition. */
export const CONDITION_REASON_PATTERN = '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$';

/**
 * STUN server as `host` or `host:port`: a lowercase DNS name or IPv4 address with at least one
 * dot, and a port from 1 to 65535.
 */
export const STUN_SERVER_PATTERN =
  '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+' +
  '(:([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?$';
