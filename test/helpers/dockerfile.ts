/**
 * Reads the project's Dockerfile and replays its steps into folders, one per stage, so a test
 * can run the image's file system layout without Docker. Only the instructions and forms the
 * Dockerfile uses are supported; anything else fails with a message naming the line, so the
 * replay never silently differs from a real build.
 *
 * What a replay cannot reproduce: the base image. Each stage starts empty, and RUN commands get
 * `node` and `npm` from the host (Node.js from the `node` devDependency, the same release as the
 * base image tag; a test compares them).
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { dirname, isAbsolute, join, posix, relative } from 'node:path';

export interface Instruction {
  /** 1-based line where the instruction starts. */
  line: number;
  keyword: string;
  /** The arguments, with line continuations joined. */
  text: string;
}

export interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Map<string, string>;
  stages: Stage[];
}

const SUPPORTED = new Set([
  'FROM',
  'ARG',
  'WORKDIR',
  'COPY',
  'RUN',
  'ENV',
  'LABEL',
  'USER',
  'ENTRYPOINT',
  'CMD',
]);

/** Splits a Dockerfile into instructions: comments dropped, continuation lines joined. */
export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  let current: { line: number; parts: string[] } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (current === undefined && (line.trim() === '' || line.trimStart().startsWith('#'))) return;
    if (current !== undefined && line.trimStart().startsWith('#')) return;
    const continued = line.endsWith('\\');
    const content = continued ? line.slice(0, -1) : line;
    if (current === undefined) current = { line: index + 1, parts: [] };
    current.parts.push(content.trim());
    if (!continued) {
      const joined = current.parts.join(' ').trim();
      const match = /^(\S+)\s+([\s\S]*)$/.exec(joined);
      if (!match?.[1] || match[2] === undefined) {
        throw new Error(`Dockerfile line ${current.line}: cannot parse "${joined}"`);
      }
      instructions.push({ line: current.line, keyword: match[1].toUpperCase(), text: match[2] });
      current = undefined;
    }
  });

  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (!SUPPORTED.has(instruction.keyword)) {
      throw new Error(
        `Dockerfile line ${instruction.line}: ${instruction.keyword} is not supported by the replay; ` +
          'extend test/helpers/dockerfile.ts',
      );
    }
    if (instruction.keyword === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.text);
      if (!match?.[1]) throw new Error(`Dockerfile line ${instruction.line}: invalid FROM`);
      const base = substitute(match[1], globalArgs, instruction.line);
      stages.push({ name: match[2] ?? `stage-${stages.length}`, base, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) {
      if (instruction.keyword !== 'ARG') {
        throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} before FROM`);
      }
      const [name, value] = splitAssignment(instruction.text);
      globalArgs.set(name, value ?? '');
      continue;
    }
    stage.instructions.push(instruction);
  }
  return { globalArgs, stages };
}

function splitAssignment(text: string): [string, string | undefined] {
  const index = text.indexOf('=');
  return index < 0
    ? [text.trim(), undefined]
    : [text.slice(0, index).trim(), text.slice(index + 1)];
}

/** Replaces ${NAME} and $NAME with values; an unknown name is an error. */
function substitute(text: string, values: Map<string, string>, line: number): string {
  return text.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (_, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const value = values.get(name);
      if (value === undefined) throw new Error(`Dockerfile line ${line}: ${name} is not defined`);
      return value;
    },
  );
}

/** Splits shell-like words, honouring double quotes (enough for ENV and LABEL lines). */
function words(text: string): string[] {
  const result: string[] = [];
  const pattern = /(?:[^\s"]+|"(?:[^"\\]|\\.)*")+/g;
  for (const match of text.matchAll(pattern))
    result.push(match[0].replace(/"((?:[^"\\]|\\.)*)"/g, '$1'));
  return result;
}

/** Rules of a .dockerignore made of `*`, `name` and `!name` lines (the forms this repo uses). */
export function dockerignoreMatcher(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = (negated ? line.slice(1) : line).replace(/\/$/, '');
      if (pattern !== '*' && /[*?[\]]/.test(pattern)) {
        throw new Error(`.dockerignore pattern "${line}" is not supported by the replay`);
      }
      return { negated, pattern };
    });
  // A path is excluded when the last rule matching it (or one of its parent folders) excludes it.
  return (path: string) => {
    let excluded = false;
    for (const rule of rules) {
      const matches =
        rule.pattern === '*' || path === rule.pattern || path.startsWith(`${rule.pattern}/`);
      if (matches) excluded = !rule.negated;
    }
    return excluded;
  };
}

export interface ReplayOptions {
  /** Build context: the repository root. */
  context: string;
  /** Empty folder that receives one subfolder per stage. */
  workDir: string;
  /** Folder with `node` and `npm` for RUN commands; prepended to PATH. */
  toolsDir: string;
  /** Build arguments that override ARG defaults. */
  buildArgs?: Record<string, string>;
}

export interface FinalImage {
  /** Folder that contains the final stage's file system. */
  root: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  /** USER of the final stage, e.g. "65532:65532". */
  user: string | undefined;
  workdir: string;
  entrypoint: string[];
  cmd: string[];
}

/** Replays every stage in order and returns the final stage's layout and settings. */
export function replay(dockerfile: Dockerfile, options: ReplayOptions): FinalImage {
  const excluded = dockerignoreMatcher(
    existsSync(join(options.context, '.dockerignore'))
      ? readFileSync(join(options.context, '.dockerignore'), 'utf8')
      : '',
  );
  const roots = new Map<string, string>();
  let final: FinalImage | undefined;
  for (const stage of dockerfile.stages) {
    const root = join(options.workDir, stage.name);
    mkdirSync(root, { recursive: true });
    chmodSync(root, 0o755);
    roots.set(stage.name, root);
    const args = new Map<string, string>();
    const env: Record<string, string> = {};
    const labels: Record<string, string> = {};
    let workdir = '/';
    let user: string | undefined;
    let entrypoint: string[] = [];
    let cmd: string[] = [];
    const values = () => new Map([...args, ...Object.entries(env)]);
    const inRoot = (path: string) => join(root, posix.resolve(workdir, path));

    for (const { keyword, text, line } of stage.instructions) {
      switch (keyword) {
        case 'ARG': {
          const [name, value] = splitAssignment(text);
          const resolved =
            options.buildArgs?.[name] ?? value ?? dockerfile.globalArgs.get(name) ?? '';
          args.set(name, substitute(resolved, values(), line));
          break;
        }
        case 'ENV':
        case 'LABEL': {
          for (const word of words(text)) {
            const [name, value] = splitAssignment(word);
            if (value === undefined)
              throw new Error(`Dockerfile line ${line}: ${keyword} needs name=value`);
            (keyword === 'ENV' ? env : labels)[name] = substitute(value, values(), line);
          }
          break;
        }
        case 'WORKDIR':
          workdir = posix.resolve(workdir, substitute(text, values(), line));
          mkdirSync(join(root, workdir), { recursive: true, mode: 0o755 });
          break;
        case 'USER':
          user = substitute(text, values(), line);
          break;
        case 'ENTRYPOINT':
          entrypoint = JSON.parse(text) as string[];
          break;
        case 'CMD':
          cmd = JSON.parse(text) as string[];
          break;
        case 'COPY':
          copy(text, line, { root, roots, inRoot, context: options.context, excluded });
          break;
        case 'RUN':
          runStep(text, line, join(root, workdir), {
            ...env,
            PATH: `${options.toolsDir}:/usr/bin:/bin`,
          });
          break;
      }
    }
    final = { root, env, labels, user, workdir, entrypoint, cmd };
  }
  if (final === undefined) throw new Error('the Dockerfile has no stage');
  return final;
}

interface CopyContext {
  root: string;
  roots: Map<string, string>;
  inRoot: (path: string) => string;
  context: string;
  excluded: (path: string) => boolean;
}

function copy(text: string, line: number, ctx: CopyContext): void {
  const parts = text.split(/\s+/);
  let fromStage: string | undefined;
  while (parts[0]?.startsWith('--')) {
    const flag = parts.shift() ?? '';
    const match = /^--from=(\S+)$/.exec(flag);
    if (!match?.[1]) throw new Error(`Dockerfile line ${line}: COPY flag ${flag} is not supported`);
    fromStage = match[1];
  }
  const destination = parts.pop();
  if (destination === undefined || parts.length === 0) {
    throw new Error(`Dockerfile line ${line}: COPY needs a source and a destination`);
  }
  const target = ctx.inRoot(destination);
  const intoFolder = destination.endsWith('/') || parts.length > 1;
  for (const source of parts) {
    let from: string;
    if (fromStage !== undefined) {
      const stageRoot = ctx.roots.get(fromStage);
      if (stageRoot === undefined)
        throw new Error(`Dockerfile line ${line}: no stage ${fromStage}`);
      from = join(stageRoot, source);
    } else {
      const path = posix.normalize(source).replace(/\/$/, '');
      if (isAbsolute(path) || path.startsWith('..')) {
        throw new Error(`Dockerfile line ${line}: COPY source ${source} leaves the build context`);
      }
      if (ctx.excluded(path)) {
        throw new Error(`Dockerfile line ${line}: ${source} is excluded by .dockerignore`);
      }
      from = join(ctx.context, path);
    }
    if (!existsSync(from)) throw new Error(`Dockerfile line ${line}: ${source} does not exist`);
    if (statSync(from).isDirectory()) {
      // A folder's contents are copied, not the folder itself.
      mkdirSync(target, { recursive: true, mode: 0o755 });
      cpSync(from, target, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (path) =>
          fromStage !== undefined ||
          !ctx.excluded(relative(ctx.context, path).split('\\').join('/')),
      });
    } else {
      const file = intoFolder ? join(target, posix.basename(source)) : target;
      mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
      cpSync(from, file);
    }
  }
}

/**
 * The host's HOME (npm's cache), proxy and CA settings, which a build needs to reach the
 * registry. Without the CA settings npm retries for minutes before it falls back to its cache.
 */
function hostNetworkEnv(): Record<string, string> {
  const pattern =
    /^(HOME|NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|https?_proxy|no_proxy|npm_config_.*)$/i;
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => pattern.test(entry[0]) && entry[1] !== undefined,
    ),
  );
}

function runStep(command: string, line: number, cwd: string, env: Record<string, string>): void {
  // The replay runs on the host, so a command must stay inside the stage's folder.
  if (/(^|[\s=:])\//.test(command)) {
    throw new Error(
      `Dockerfile line ${line}: RUN uses an absolute path, which the replay cannot confine: ${command}`,
    );
  }
  const result = spawnSync('sh', ['-c', command], {
    cwd,
    env: { ...hostNetworkEnv(), ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `Dockerfile line ${line}: RUN ${command} failed with ${String(result.status)}:\n${result.stdout.slice(-4000)}${result.stderr.slice(-4000)}`,
    );
  }
}

/** Lists every path below `root`, relative to it, for assertions on the layout. */
export function listTree(root: string, prefix = ''): string[] {
  const paths: string[] = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    paths.push(path);
    if (entry.isDirectory()) paths.push(...listTree(root, path));
  }
  return paths;
}

/** Creates `dir` with links to the host's node and npm, the tools RUN commands may call. */
export function makeToolsDir(dir: string, node: string, npm: string): void {
  mkdirSync(dir, { recursive: true });
  symlinkSync(node, join(dir, 'node'));
  symlinkSync(npm, join(dir, 'npm'));
}
