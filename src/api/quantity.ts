import { QUANTITY_PATTERN } from './patterns.ts';

const SUFFIX_FACTORS: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = new RegExp(QUANTITY_PATTERN, 'u');

/**
 * Parses a non-negative Kubernetes quantity (`500m`, `1.5`, `256Mi`, `1e3`) into a plain number
 * of base units (cores or bytes). Returns undefined when the text is not a quantity.
 *
 * NOTE: the result is a float, which is exact enough to compare requests with limits but not to
 * print a quantity back.
 */
export function parseQuantity(text: string): number | undefined {
  if (!QUANTITY.test(text)) return undefined;
  const match = /^([0-9.]+)(.*)$/u.exec(text);
  if (match === null) return undefined;
  const [, digits = '', suffix = ''] = match;
  const mantissa = Number(digits);
  const factor = SUFFIX_FACTORS[suffix];
  if (factor !== undefined) return mantissa * factor;
  // Decimal exponent such as `e3` or `E-2`.
  return mantissa * 10 ** Number(suffix.slice(1));
}

/** Negative when a < b, zero when equal, positive when a > b; undefined if either is invalid. */
export function compareQuantities(a: string, b: string): number | undefined {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (x === undefined || y === undefined) return undefined;
  return Math.sign(x - y);
}
