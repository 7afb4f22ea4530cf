/**
 * Crash points for fault tests. When the environment variable GDPR_JITSI_FAILPOINT names a point,
 * the process kills itself with SIGKILL the first time it reaches that point, exactly as a node
 * failure or an OOM kill would stop it. Unset (always, outside tests), this does nothing.
 */
const armed = process.env['GDPR_JITSI_FAILPOINT'];

export function failpoint(name: string): void {
  if (armed === name) process.kill(process.pid, 'SIGKILL');
}
