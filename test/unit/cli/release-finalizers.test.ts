import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releaseFinalizersCommand } from '../../../src/cli/live.ts';

/** A loopback API server that serves no GdprJitsiMeet, as after the CRD was deleted. */
describe('release-finalizers without the CRD', () => {
  let server: Server;
  let folder: string;
  let kubeconfig: string;
  const paths: string[] = [];

  before(async () => {
    server = createServer((request, response) => {
      paths.push(request.url ?? '');
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('404 page not found\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    folder = mkdtempSync(join(tmpdir(), 'release-finalizers-'));
    kubeconfig = join(folder, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        // client-node accepts plain HTTP only with skip-tls-verify; the server is loopback.
        clusters: [
          {
            name: 'mock',
            cluster: { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true },
          },
        ],
        users: [{ name: 'mock', user: { token: 'not-a-secret' } }],
        contexts: [{ name: 'mock', context: { cluster: 'mock', user: 'mock' } }],
        'current-context': 'mock',
      }),
    );
  });

  after(() => {
    server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  for (const args of [[], ['--namespaces', 'a,b']]) {
    test(`exits 0 with ${args.length === 0 ? 'all namespaces' : 'listed namespaces'}`, async () => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await releaseFinalizersCommand(['--kubeconfig', kubeconfig, ...args], {
        out: (text) => out.push(text),
        err: (text) => err.push(text),
      });
      assert.equal(code, 0, err.join(''));
      assert.match(out.join(''), /does not serve GdprJitsiMeet; nothing to release/);
      assert.ok(
        paths.some((p) => p.includes('/gdprjitsimeets')),
        'listed the instances',
      );
    });
  }
});
