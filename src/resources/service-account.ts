import { childMetadata, type BuildContext, type DesiredObject } from './context.ts';
import { childNames } from './names.ts';

/**
 * ServiceAccount `<instance>-jitsi` that every Jitsi pod runs as. No component talks to the
 * Kubernetes API, so no token is mounted (here and again in each pod template) and no role is
 * bound to it.
 */
export function buildServiceAccount(ctx: BuildContext): DesiredObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: childMetadata(ctx, childNames(ctx.instance.name).serviceAccount, undefined),
    automountServiceAccountToken: false,
  };
}
