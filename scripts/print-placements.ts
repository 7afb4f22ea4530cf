// Prints each pod (JSON list on stdin) with its node and the node's region and zone labels.
import { readFileSync } from 'node:fs';

interface Item {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { nodeName?: string };
  status?: { phase?: string };
}
const pods = (JSON.parse(readFileSync(0, 'utf8')) as { items: Item[] }).items;
const nodesFile = process.argv[2];
if (!nodesFile) throw new Error('usage: print-placements.ts NODES_JSON < pods.json');
const nodes = (JSON.parse(readFileSync(nodesFile, 'utf8')) as { items: Item[] }).items;
const labels = new Map(nodes.map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
console.log(
  `${'POD'.padEnd(32)} ${'PHASE'.padEnd(9)} ${'NODE'.padEnd(28)} ${'REGION'.padEnd(16)} ZONE`,
);
for (const pod of pods) {
  const node = pod.spec?.nodeName ?? '';
  const nodeLabels = labels.get(node) ?? {};
  const region = nodeLabels['topology.kubernetes.io/region'] ?? '-';
  const zone = nodeLabels['topology.kubernetes.io/zone'] ?? '-';
  console.log(
    `${pod.metadata.name.padEnd(32)} ${(pod.status?.phase ?? '').padEnd(9)} ${(node || '-').padEnd(28)} ${region.padEnd(16)} ${zone}`,
  );
}
