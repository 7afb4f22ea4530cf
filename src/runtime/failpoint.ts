/**
 * Crash points for fault tests. When the environment variable GDPR_JITSI_FAILPOINT names a point,
 * as `point` or `point:instance`, the process kills itself with SIGKILL the first time it reaches
 * that point (for that instance), exactly as a node failure or an OOM kill would stop it. Unset
 * (always, outside tests), this does nothing.
 */
const [armedPoint, armedInstance] = (process.env['GDPR_JITSI_FAILPOINT'] ?? '').split(':');

export function failpoint(name: string, instance: string): void {
  if (armedPoint !== name) return;
  if (armedInstance !== undefined && armedInstance !== instance) return;
  process.kill(process.pid, 'SIGKILL');
}
