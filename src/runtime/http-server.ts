import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

export interface HealthChecks {
  /** Liveness: the process is working (event loop alive, not shutting down). */
  healthy: () => boolean;
  /** Readiness: caches synced; a standby that waits for the Lease is ready too. */
  ready: () => boolean;
}

/**
 * Serves `/healthz`, `/readyz` and `/metrics` on one port. The handlers read in-memory state
 * only, so probes never wait on the API server.
 */
export function startHttpServer(
  address: string,
  port: number,
  checks: HealthChecks,
  registry: Registry,
  log: Logger,
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (path === '/healthz' || path === '/readyz') {
      const ok = path === '/healthz' ? checks.healthy() : checks.ready();
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' })
        .end(ok ? 'ok\n' : 'not ready\n');
      return;
    }
    if (path === '/metrics') {
      registry
        .metrics()
        .then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body))
        .catch((err: unknown) => {
          log.error({ err }, 'failed to collect metrics');
          res.writeHead(500).end();
        });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
