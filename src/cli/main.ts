#!/usr/bin/env node
/**
 * Entry point of the `gdpr-jitsi` command. It checks the Node.js version before loading anything
 * else, because `@kubernetes/client-node` 2.x fails at import time on Node.js 20.
 */
const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
if (major < REQUIRED_MAJOR) {
  process.stderr.write(
    `gdpr-jitsi needs Node.js ${REQUIRED_MAJOR} or newer, but this is Node.js ${process.versions.node}.\n` +
      `Install Node.js ${REQUIRED_MAJOR} LTS, or run through the project's scripts (make, npm run), ` +
      `which use the Node.js ${REQUIRED_MAJOR} binary that \`npm install\` puts in node_modules/.bin.\n`,
  );
  process.exit(1);
}
// A reader that stops early (`gdpr-jitsi report -f x.yaml | head`) closes the pipe; that is not
// an error of this program.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import('./commands.ts');
process.exitCode = await main(process.argv.slice(2));
