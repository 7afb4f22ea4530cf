import { randomBytes } from 'node:crypto';
import { isAlreadyExists, type KubeClient, type KubeObject } from '../runtime/kube-client.ts';

export interface CredentialsSecret extends KubeObject {
  data?: Record<string, string>;
}

/**
 * Makes sure the instance's credentials Secret exists, and returns it. The Secret is created
 * once with fresh random values and never rewritten: regenerating a password while Prosody,
 * Jicofo and the bridge run would lock the components out of each other. Missing keys (added by
 * a newer operator version) are the only change ever made, and only by adding them.
 */
export async function ensureCredentials(
  client: KubeClient,
  desired: KubeObject,
  keys: readonly string[],
  live: CredentialsSecret | undefined,
): Promise<{ secret: CredentialsSecret; created: boolean; addedKeys: string[] }> {
  if (live) return addMissingKeys(client, live, keys);
  const data = Object.fromEntries(keys.map((key) => [key, generatePassword()]));
  try {
    const secret = await client.create<CredentialsSecret>({ ...desired, type: 'Opaque', data });
    return { secret, created: true, addedKeys: [] };
  } catch (err) {
    // The cache lagged behind a Secret created by an earlier reconcile or operator run: use it.
    if (!isAlreadyExists(err)) throw err;
    const existing = await client.get<CredentialsSecret>({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: desired.metadata.namespace,
      name: desired.metadata.name,
    });
    return addMissingKeys(client, existing, keys);
  }
}

async function addMissingKeys(
  client: KubeClient,
  secret: CredentialsSecret,
  keys: readonly string[],
): Promise<{ secret: CredentialsSecret; created: boolean; addedKeys: string[] }> {
  const missing = keys.filter((key) => !secret.data?.[key]);
  if (missing.length === 0) return { secret, created: false, addedKeys: [] };
  const patch = { data: Object.fromEntries(missing.map((key) => [key, generatePassword()])) };
  const updated = await client.mergePatch<CredentialsSecret>(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: secret.metadata.namespace,
      name: secret.metadata.name,
    },
    patch,
  );
  return { secret: updated, created: false, addedKeys: missing };
}

/** 32 random bytes, base64url-encoded, then base64-encoded as Secret `data` requires. */
function generatePassword(): string {
  return Buffer.from(randomBytes(32).toString('base64url')).toString('base64');
}
