/**
 * Reader of `docs/traffic-matrix.md`: the endpoint, group, scenario and matrix tables, and the
 * list of ports checked. The page is the single statement of the expected flows; the test
 * reads it instead of repeating it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MATRIX_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'docs',
  'traffic-matrix.md',
);

export interface PortSpec {
  protocol: 'TCP' | 'UDP';
  port: number;
}

export interface MatrixRow {
  source: string;
  destination: string;
  port: PortSpec;
  verdict: 'allowed' | 'denied';
  /** Scenario letters, or every scenario for `all`. */
  scenarios: string[];
  reason: string;
}

export interface MatrixDoc {
  endpoints: string[];
  groups: Map<string, string[]>;
  scenarios: string[];
  ports: PortSpec[];
  rows: MatrixRow[];
}

/** Reads and checks the page; throws naming the line that does not parse. */
export function readMatrixDoc(path = MATRIX_PATH): MatrixDoc {
  const text = readFileSync(path, 'utf8');
  const endpoints = tableUnder(text, '## Endpoints', 'Endpoint').flatMap((cells) =>
    splitList(cells[0] ?? ''),
  );
  const groups = new Map(
    tableUnder(text, 'Groups used in the matrix', 'Group').map((cells) => [
      cells[0] ?? '',
      splitList(cells[1] ?? ''),
    ]),
  );
  const scenarios = tableUnder(text, '## Scenarios', 'Scenario').map((cells) => cells[0] ?? '');
  const portLine = /Ports checked for every pair:([^.]*)\./s.exec(text);
  if (portLine === null) throw new Error(`${path}: no "Ports checked for every pair:" sentence`);
  const ports = [...(portLine[1] ?? '').matchAll(/(TCP|UDP) (\d+)/g)].map((m) => parsePort(m[0]));
  const rows = tableUnder(text, '## Matrix', 'Source').map((cells) => parseRow(cells, scenarios));
  return { endpoints, groups, scenarios, ports, rows };
}

/** Cells of the first table after `heading`, without its header and separator rows. */
function tableUnder(text: string, heading: string, firstHeader: string): string[][] {
  const start = text.indexOf(heading);
  if (start === -1) throw new Error(`traffic matrix has no section "${heading}"`);
  const lines = text.slice(start).split('\n');
  const header = lines.findIndex((l) => new RegExp(`^\\|\\s*${firstHeader}\\s*\\|`).test(l));
  if (header === -1) throw new Error(`section "${heading}" has no table starting "${firstHeader}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows;
}

function splitList(cell: string): string[] {
  return cell
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parsePort(text: string): PortSpec {
  const match = /^(TCP|UDP) (\d+)$/.exec(text);
  if (match === null) throw new Error(`invalid port "${text}"; write e.g. "TCP 8000"`);
  return { protocol: match[1] as 'TCP' | 'UDP', port: Number(match[2]) };
}

function parseRow(cells: string[], scenarios: string[]): MatrixRow {
  const [source, destination, port, verdict, scenarioCell, reason] = cells;
  if (verdict !== 'allowed' && verdict !== 'denied') {
    throw new Error(`matrix row "${cells.join(' | ')}" has verdict "${verdict}"`);
  }
  const listed = scenarioCell === 'all' ? scenarios : splitList(scenarioCell ?? '');
  for (const s of listed) {
    if (!scenarios.includes(s)) throw new Error(`matrix row names unknown scenario "${s}"`);
  }
  return {
    source: source ?? '',
    destination: destination ?? '',
    port: parsePort(port ?? ''),
    verdict,
    scenarios: listed,
    reason: reason ?? '',
  };
}
