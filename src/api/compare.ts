/** Orders strings by UTF-16 code units, which unlike `localeCompare` does not depend on the locale. */
export function compareCodePoints(x: string, y: string): number {
  if (x < y) return -1;
  if (x > y) return 1;
  return 0;
}
