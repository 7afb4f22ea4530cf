/**
 * Client of `test/netpol`, a small Go program that answers allowed or denied per flow with the
 * NetworkPolicy matcher of cyclonus (github.com/mattfenwick/cyclonus). The program is built once
 * per test file into a temporary directory; Go's build cache makes later builds fast.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

const PROGRAM_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'netpol');

/** One end of a flow: a pod (with its namespace) or, without a namespace, an outside address. */
export interface Peer {
  namespace?: string;
  namespaceLabels?: Record<string, string>;
  podLabels?: Record<string, string>;
  ip: string;
}

export interface Flow {
  name: string;
  source: Peer;
  destination: Peer;
  port: number;
  protocol: 'TCP' | 'UDP';
}

export interface Verdict {
  name: string;
  allowed: boolean;
  ingressAllowed: boolean;
  egressAllowed: boolean;
}

export interface VerdictProgram {
  evaluate(policies: unknown[], flows: Flow[]): Promise<Verdict[]>;
  close(): Promise<void>;
}

/** Builds the Go program; fails with the compiler output when `go build` fails. */
export async function buildVerdictProgram(): Promise<VerdictProgram> {
  const dir = await mkdtemp(join(tmpdir(), 'gdpr-jitsi-netpol-'));
  const binary = join(dir, 'netpol-verdict');
  try {
    await run('go', ['build', '-o', binary, '.'], { cwd: PROGRAM_DIR, timeout: 540_000 });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `failed to build the NetworkPolicy verdict program in ${PROGRAM_DIR}; ` +
        'install Go 1.22 or newer and let it download the modules in go.mod',
      { cause: err },
    );
  }
  return {
    evaluate: (policies, flows) => evaluate(binary, policies, flows),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

async function evaluate(binary: string, policies: unknown[], flows: Flow[]): Promise<Verdict[]> {
  const child = run(binary, [], { maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  child.child.stdin?.end(JSON.stringify({ policies, flows }));
  const { stdout } = await child;
  const verdicts = (JSON.parse(stdout) as { verdicts: Verdict[] }).verdicts;
  if (verdicts.length !== flows.length) {
    throw new Error(`the verdict program answered ${verdicts.length} of ${flows.length} flows`);
  }
  return verdicts;
}
