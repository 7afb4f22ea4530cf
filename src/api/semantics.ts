import { loggingWindowProblem } from './privacy.ts';
import type { EffectiveSpec } from './types.ts';

/**
 * Checks of a defaulted spec that the schema accepts but that cannot work as intended. Facts that
 * only the cluster can tell (which nodes carry an allowed region, whether a Gateway exists) are left to
 * the controller.
 */

/**
 * Namespaces that contain no scraper, or contain cluster components that must not all be admitted
 * to the metrics ports.
 */
export const RESERVED_NAMESPACES = ['kube-node-lease', 'kube-public', 'kube-system'] as const;

/**
 * Parent of the XMPP virtual hosts Prosody serves inside the instance (`meet.jitsi`,
 * `auth.meet.jitsi`, ...), the docker-jitsi-meet defaults the operator keeps.
 */
const INTERNAL_XMPP_DOMAIN = 'meet.jitsi';

/**
 * Returns one message per problem, naming the field and the fix; empty when the spec can work.
 * With `now`, the time the configuration is rendered for, it also checks that a troubleshooting
 * window (`spec.privacy.logging.until`) ends within 7 days.
 */
export function checkSemantics(spec: EffectiveSpec, now?: Date): string[] {
  const problems: string[] = [];
  const monitoring = spec.monitoring.namespace;
  if (monitoring !== undefined && (RESERVED_NAMESPACES as readonly string[]).includes(monitoring)) {
    problems.push(
      `spec.monitoring.namespace: '${monitoring}' is a reserved namespace; admitting it to the ` +
        'metrics ports would admit cluster components rather than a scraper, so set the ' +
        'namespace your Prometheus runs in',
    );
  }
  if (spec.domain === INTERNAL_XMPP_DOMAIN || spec.domain.endsWith(`.${INTERNAL_XMPP_DOMAIN}`)) {
    problems.push(
      `spec.domain: '${spec.domain}' collides with the internal XMPP domain ${INTERNAL_XMPP_DOMAIN} ` +
        'that Prosody serves inside the instance; use your public domain, e.g. meet.example.eu',
    );
  }
  const controller = spec.ingress.controller;
  if (controller.podSelector !== undefined && controller.namespace === undefined) {
    problems.push(
      'spec.ingress.controller.podSelector is set without spec.ingress.controller.namespace, so ' +
        "it would match pods in the instance's own namespace only; set the namespace the ingress " +
        'controller or gateway pods run in',
    );
  }
  const window = now === undefined ? undefined : loggingWindowProblem(spec.privacy.logging, now);
  if (window !== undefined) problems.push(window);
  return problems;
}
