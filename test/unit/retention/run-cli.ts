/**
 * Entry point for running `gdpr-jitsi retention` in a child process (as another user, or in
 * another mount namespace). `RETENTION_TEST_NOW` sets the reference time, so the ages of the
 * test tree hold whatever the machine's clock shows.
 */
import { retentionCommand } from '../../../src/cli/retention.ts';

const now = process.env['RETENTION_TEST_NOW'];
if (now === undefined) throw new Error('RETENTION_TEST_NOW is missing; set it to an ISO time');
process.exitCode = await retentionCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  now: () => new Date(now),
});
