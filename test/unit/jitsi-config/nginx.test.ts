/**
 * Checks `custom-meet.conf` with nginx itself. The web image appends the file to its
 * `meet.conf` and includes `meet.conf` inside a `server` block. The stand-in below keeps the
 * parts of the image's `meet.conf` that matter here: a server-level header, locations with and
 * without their own `add_header`, and the room-name fallback to `index.html`.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { contentSecurityPolicy } from '../../../src/jitsi-config/web-nginx.ts';
import { instanceFacts } from '../../../src/jitsi-config/instance.ts';
import { basicInput, fileOf, renderBasic, renderRelaxed } from './fixtures.ts';
import { hasCommand } from './tools.ts';

const NGINX = hasCommand('nginx')
  ? 'nginx'
  : existsSync('/usr/sbin/nginx')
    ? '/usr/sbin/nginx'
    : '';
const SKIP = NGINX === '' ? 'nginx is not installed (apt-get install nginx-light)' : false;

/**
 * Runs nginx with stderr in a file. The configuration logs to `/dev/stderr`, as the image does,
 * and nginx cannot open that path when stderr is the socket Node uses for a child's pipe.
 */
function nginx(dir: string, args: readonly string[]): { status: number | null; stderr: string } {
  const logPath = join(dir, 'stderr.log');
  const fd = openSync(logPath, 'w');
  try {
    const result = spawnSync(NGINX, [...args, '-p', dir, '-e', join(dir, 'error.log')], {
      stdio: ['ignore', 'ignore', fd],
      timeout: 30_000,
    });
    return { status: result.status, stderr: readFileSync(logPath, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

function imageMeetConf(www: string): string {
  return `
server_name _;
charset utf8;
root ${www};
index index.html;
add_header X-Content-Type-Options nosniff;

location = /config.js {
    alias ${www}/config.js;
}

location ~ ^/(libs|css|static)/(.*)$ {
    add_header 'Access-Control-Allow-Origin' '*';
    alias ${www}/$1/$2;
}

location ~ ^/([^/?&:'"]+)$ {
    try_files $uri @root_path;
}

location @root_path {
    rewrite ^/(.*)$ / break;
}
`;
}

/** Lays out an nginx prefix like the web image's and returns its directory. */
function layout(port: number, render: typeof renderBasic): string {
  const dir = mkdtempSync(join(tmpdir(), 'gdpr-jitsi-nginx-'));
  const www = join(dir, 'www');
  mkdirSync(join(www, 'static'), { recursive: true });
  writeFileSync(join(www, 'index.html'), '<!doctype html><title>meet</title>\n');
  writeFileSync(join(www, 'config.js'), 'var config = {};\n');
  writeFileSync(join(www, 'static', 'app.css'), 'body {}\n');
  const custom = fileOf(render().web, 'custom-meet.conf').content;
  writeFileSync(join(dir, 'meet.conf'), `${imageMeetConf(www)}\n${custom}`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `    ${name}_temp_path ${dir}/${name};`)
    .join('\n');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
${temp}
    default_type application/octet-stream;
    access_log ${dir}/access.log;
    server {
        listen 127.0.0.1:${port};
        include ${dir}/meet.conf;
    }
}
`,
  );
  // nginx workers run as an unprivileged user when the tests run as root.
  for (const path of [dir, www, join(www, 'static')]) chmodSync(path, 0o755);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/**
 * The private render, and one with every relaxation on, where `spec.privacy.webAccessLog` leaves
 * the http-level access log of the image (here `access.log`) in force.
 */
const RENDERS = [
  { name: 'private defaults', render: renderBasic, logs: false },
  { name: 'every relaxation on', render: renderRelaxed, logs: true },
];

for (const { name, render, logs } of RENDERS)
  describe(`web custom-meet.conf, ${name}`, { skip: SKIP }, () => {
    let dir = '';
    let port = 0;
    let server: ChildProcess | undefined;

    before(async () => {
      port = await freePort();
      dir = layout(port, render);
    });

    after(() => {
      if (server?.pid !== undefined && server.exitCode === null)
        process.kill(server.pid, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    });

    it('passes nginx -t', () => {
      const result = nginx(dir, ['-t', '-c', join(dir, 'nginx.conf')]);
      assert.equal(result.status, 0, `nginx -t failed:\n${result.stderr}`);
    });

    it('fails nginx -t when the snippet is broken', () => {
      const broken = join(dir, 'broken.conf');
      writeFileSync(
        broken,
        readFileSync(join(dir, 'nginx.conf'), 'utf8').replace('meet.conf', 'broken-meet.conf'),
      );
      writeFileSync(join(dir, 'broken-meet.conf'), 'access_log off\n');
      const result = nginx(dir, ['-t', '-c', broken]);
      assert.notEqual(result.status, 0, 'nginx -t accepted a directive without ";"');
    });

    it(`sends the CSP and logs ${logs ? 'requests' : 'no request'}`, async () => {
      const stderr = openSync(join(dir, 'server-stderr.log'), 'w');
      server = spawn(
        NGINX,
        ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')],
        {
          stdio: ['ignore', 'ignore', stderr],
        },
      );
      closeSync(stderr);
      const base = `http://127.0.0.1:${port}`;
      let home: Response | undefined;
      for (let attempt = 0; attempt < 50 && home === undefined; attempt += 1) {
        try {
          home = await fetch(`${base}/`);
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      assert.ok(
        home !== undefined,
        `nginx did not answer on ${base}: ${readFileSync(join(dir, 'error.log'), 'utf8')}`,
      );
      const csp = contentSecurityPolicy(instanceFacts('meet', 'jitsi', basicInput().spec));
      assert.equal(home.status, 200);
      assert.equal(home.headers.get('content-security-policy'), csp);
      assert.equal(home.headers.get('x-content-type-options'), 'nosniff');

      const room = await fetch(`${base}/SomeRoomName`);
      assert.equal(room.status, 200);
      assert.match(await room.text(), /<title>meet<\/title>/);
      assert.equal(room.headers.get('content-security-policy'), csp);

      const missing = await fetch(`${base}/static/missing.css`);
      assert.equal(missing.status, 404);

      if (logs) {
        assert.match(readFileSync(join(dir, 'access.log'), 'utf8'), /GET \/SomeRoomName /);
        return;
      }
      for (const file of readdirSync(dir)) {
        const path = join(dir, file);
        if (!statSync(path).isFile() || file.endsWith('.conf')) continue;
        const content = readFileSync(path, 'utf8');
        assert.doesNotMatch(content, /SomeRoomName|missing\.css/, `${file} logged a request`);
      }
    });
  });

describe('content security policy', () => {
  it('allows only the instance origin', () => {
    const csp = contentSecurityPolicy(instanceFacts('meet', 'jitsi', basicInput().spec));
    const sources = csp.split(';').flatMap((d) => d.trim().split(' ').slice(1));
    const allowed = new Set([
      "'self'",
      "'none'",
      "'unsafe-inline'",
      "'wasm-unsafe-eval'",
      'blob:',
      'data:',
      'wss://meet.example.eu',
    ]);
    assert.deepEqual(
      sources.filter((s) => !allowed.has(s)),
      [],
    );
    assert.match(csp, /^default-src 'self';/);
    assert.match(csp, /frame-src 'self';/);
    assert.match(csp, /connect-src 'self' wss:\/\/meet\.example\.eu /);
  });
});
