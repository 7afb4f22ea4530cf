/** Public entry point of the API layer: the resource types, defaults, validation and regions. */
export * from './types.ts';
export { buildCrd, CRD_NAME } from './crd.ts';
export {
  IMAGE_DEFAULTS,
  LABEL_KEYS,
  MAX_NAME_LENGTH,
  RESOURCE_DEFAULTS,
  SCHEMA_DEFAULTS,
} from './defaults.ts';
export {
  logLevelsInForce,
  loggingWindowOpen,
  MAX_VERBOSE_LOGGING_HOURS,
  stunHost,
  stunUri,
} from './privacy.ts';
export * from './regions.ts';
export { checkSemantics } from './semantics.ts';
export { validateSpec, type Issue } from './validate.ts';
export { effectiveLabelKey, withDefaults } from './with-defaults.ts';
