/**
 * Every check of the catalogue, in catalogue order: third-party requests, client-side
 * minimisation, logging, exposure, encryption and access, storage, placement, organisation.
 */
import { ACCESS_CHECKS } from './checks/access.ts';
import { CLIENT_CHECKS } from './checks/client.ts';
import { EXPOSURE_CHECKS } from './checks/exposure.ts';
import { LOGGING_CHECKS } from './checks/logging.ts';
import { ENCRYPTION_CHECKS } from './checks/encryption.ts';
import { ORGANISATIONAL_CHECKS } from './checks/organisational.ts';
import { PLATFORM_CHECKS } from './checks/platform.ts';
import { STORAGE_CHECKS } from './checks/storage.ts';
import { THIRD_PARTY_CLIENT_CHECKS } from './checks/third-party-client.ts';
import { THIRD_PARTY_SERVICE_CHECKS } from './checks/third-party-services.ts';
import type { CheckDefinition } from './types.ts';

export const CHECKS: readonly CheckDefinition[] = [
  ...THIRD_PARTY_CLIENT_CHECKS,
  ...THIRD_PARTY_SERVICE_CHECKS,
  ...CLIENT_CHECKS,
  ...LOGGING_CHECKS,
  ...EXPOSURE_CHECKS,
  ...ENCRYPTION_CHECKS,
  ...ACCESS_CHECKS,
  ...STORAGE_CHECKS,
  ...PLATFORM_CHECKS,
  ...ORGANISATIONAL_CHECKS,
];

/** Returns the check with this id; throws for an unknown id, naming it. */
export function checkById(id: string): CheckDefinition {
  const check = CHECKS.find((c) => c.id === id);
  if (check === undefined) throw new Error(`unknown check id ${id}; see CHECKS for the catalogue`);
  return check;
}
