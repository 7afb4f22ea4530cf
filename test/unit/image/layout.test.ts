/**
 * Builds the image's file system layout without Docker: replays the Dockerfile's stages
 * (COPY, RUN with the same `npm ci` and tsc steps, WORKDIR, ENV, USER, ENTRYPOINT) into a
 * temporary folder, then runs the entry point from it as the image's non-root user.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  dockerignoreMatcher,
  listTree,
  makeToolsDir,
  parseDockerfile,
  replay,
  type FinalImage,
} from '../../helpers/dockerfile.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));

/** Absolute path of a host program on PATH, outside node_modules. */
function hostProgram(name: string): string {
  const result = spawnSync('sh', ['-c', `command -v ${name}`], {
    encoding: 'utf8',
    env: {
      PATH: (process.env['PATH'] ?? '')
        .split(':')
        .filter((d) => !d.includes('node_modules'))
        .join(':'),
    },
  });
  const npm = result.stdout.trim();
  if (result.status !== 0 || npm === '')
    throw new Error('npm not found on PATH; install Node.js and npm');
  return npm;
}

describe('Dockerfile', () => {
  test('base image is Node.js of the devDependency', () => {
    const base = dockerfile.globalArgs.get('NODE_IMAGE') ?? '';
    assert.equal(base, `node:${pkg.devDependencies['node'] ?? '?'}-bookworm-slim`);
    assert.match(base, /^node:24\.\d+\.\d+-/, 'Node.js 24 LTS, pinned to a release');
    for (const stage of dockerfile.stages) assert.equal(stage.base, base, stage.name);
  });

  test('final stage runs as a numeric non-root user', () => {
    const final = dockerfile.stages.at(-1);
    assert.ok(final);
    const user = final.instructions.filter((i) => i.keyword === 'USER').at(-1)?.text ?? '';
    assert.match(user, /^[1-9]\d*:[1-9]\d*$/);
    assert.ok(!final.instructions.some((i) => i.keyword === 'RUN'), 'no RUN in the final stage');
  });

  test('dependencies install from the lockfile', () => {
    const runs = dockerfile.stages
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'RUN');
    assert.ok(
      runs.some((r) => /^npm ci\b.*--omit=dev/.test(r.text)),
      'npm ci --omit=dev',
    );
    assert.ok(!runs.some((r) => /\bnpm (install|i)\b/.test(r.text)), 'no npm install');
  });

  test('.dockerignore keeps local state out', () => {
    const excluded = dockerignoreMatcher(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
    for (const path of [
      'node_modules',
      'dist',
      '.cluster',
      '.git',
      '.cluster/kubeconfig',
      'test',
    ]) {
      assert.ok(excluded(path), `${path} reaches the build context`);
    }
    for (const path of ['package.json', 'package-lock.json', 'src/cli/main.ts']) {
      assert.ok(!excluded(path), `${path} is missing from the build context`);
    }
  });
});

describe('image layout', { timeout: 15 * 60_000 }, () => {
  let workDir: string;
  let image: FinalImage;
  let toolsDir: string;

  before(() => {
    workDir = mkdtempSync(join(tmpdir(), 'gdpr-jitsi-image-'));
    // The image's user must reach the replayed tree, as it would in a container.
    chmodSync(workDir, 0o755);
    toolsDir = join(workDir, 'tools');
    makeToolsDir(toolsDir, join(ROOT, 'node_modules', 'node', 'bin', 'node'), hostProgram('npm'));
    image = replay(dockerfile, { context: ROOT, workDir: join(workDir, 'stages'), toolsDir });
  });

  after(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  /** Runs the entry point with `args` as the image's user; returns the exit code and output. */
  const runImage = (args: string[]) => {
    const [entrypoint, ...entryArgs] = image.entrypoint;
    assert.ok(entrypoint, 'the image has an ENTRYPOINT');
    const [uid, gid] = (image.user ?? '').split(':');
    const imagePath = (image.env['PATH'] ?? '')
      .split(':')
      .map((dir) => join(image.root, dir))
      .filter((dir) => existsSync(dir));
    const command = [join(image.root, entrypoint), ...entryArgs, ...args];
    const asImageUser =
      process.getuid?.() === 0
        ? [
            hostProgram('setpriv'),
            `--reuid=${uid ?? ''}`,
            `--regid=${gid ?? ''}`,
            '--clear-groups',
            '--',
          ]
        : [];
    const [file, ...rest] = [...asImageUser, ...command];
    const result = spawnSync(file ?? '', rest, {
      cwd: join(image.root, image.workdir),
      encoding: 'utf8',
      env: { ...image.env, PATH: [...imagePath, toolsDir].join(':') },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  test('version prints the package version', () => {
    const result = runImage(['version']);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `gdpr-jitsi ${pkg.version}\n`);
  });

  test('render matches the source tree', () => {
    const example = join(ROOT, 'examples', 'basic.yaml');
    const result = runImage(['render', '-f', example]);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    const fromSource = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'node'),
      [join(ROOT, 'src', 'cli', 'main.ts'), 'render', '-f', example],
      { encoding: 'utf8' },
    );
    assert.equal(fromSource.status, 0, fromSource.stderr);
    assert.ok(result.stdout.includes('kind: StatefulSet'));
    assert.ok(result.stdout === fromSource.stdout, 'the image renders other bytes than src/');
  });

  test('retention help runs', () => {
    const result = runImage(['retention', '--help']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Usage: gdpr-jitsi retention/);
  });

  test('default command prints the usage', () => {
    const result = runImage(image.cmd);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Usage: gdpr-jitsi <command>/);
  });

  test('runs as the image user', () => {
    if (process.getuid?.() !== 0) return;
    const result = spawnSync(
      'setpriv',
      ['--reuid=65532', '--regid=65532', '--clear-groups', '--', 'id', '-u'],
      { encoding: 'utf8' },
    );
    assert.equal(result.stdout.trim(), (image.user ?? '').split(':')[0]);
  });

  test('gdpr-jitsi is on PATH for the CronJobs', () => {
    const dirs = (image.env['PATH'] ?? '').split(':');
    const found = dirs.find((dir) => existsSync(join(image.root, dir, 'gdpr-jitsi')));
    assert.ok(found, 'no gdpr-jitsi in any PATH folder of the image');
    const link = readlinkSync(join(image.root, found, 'gdpr-jitsi'));
    assert.ok(!posix.isAbsolute(link) || link.startsWith('/app/'), link);
  });

  test('holds only production code and dependencies', () => {
    const paths = listTree(join(image.root, image.workdir));
    assert.ok(paths.includes('dist/src/cli/main.js'));
    assert.ok(paths.includes('dist/package.json'), 'the CLI reads its version from it');
    for (const name of Object.keys(pkg.dependencies)) {
      assert.ok(paths.includes(`node_modules/${name}`), `dependency ${name} missing`);
    }
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = Object.entries(lock.packages).filter(([, entry]) => entry.dev === true);
    assert.ok(devOnly.length > 0);
    for (const [path] of devOnly) {
      assert.ok(!paths.includes(path), `${path} is a development dependency, yet in the image`);
    }
    assert.deepEqual(
      paths.filter(
        (p) => p.endsWith('.ts') && !p.endsWith('.d.ts') && !p.startsWith('node_modules/'),
      ),
      [],
      'TypeScript sources in the image',
    );
    assert.ok(!paths.some((p) => p.startsWith('dist/test')), 'tests in the image');
  });

  test('labels follow the OCI keys', () => {
    assert.equal(image.labels['org.opencontainers.image.version'], pkg.version);
    assert.equal(image.labels['org.opencontainers.image.licenses'], 'Apache-2.0');
    assert.equal(image.labels['org.opencontainers.image.title'], 'gdpr-jitsi-operator');
    assert.equal(
      image.labels['org.opencontainers.image.base.name'],
      dockerfile.globalArgs.get('NODE_IMAGE'),
    );
  });
});
