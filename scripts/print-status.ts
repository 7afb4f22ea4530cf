// Prints the conditions and residency of a GdprJitsiMeet read as JSON from stdin.
import { readFileSync } from 'node:fs';

interface Status {
  observedGeneration?: number;
  conditions?: { type: string; status: string; reason: string; message: string }[];
  residency?: { labelKey: string; allowedRegions: string[]; regionsInUse: string };
}
const obj = JSON.parse(readFileSync(0, 'utf8')) as {
  metadata: { generation: number };
  status?: Status;
};
const status = obj.status ?? {};
console.log(`generation ${obj.metadata.generation}, observed ${status.observedGeneration ?? '-'}`);
for (const c of status.conditions ?? []) {
  console.log(`  ${c.type.padEnd(15)} ${c.status.padEnd(8)} ${c.reason}: ${c.message}`);
}
if (status.residency) {
  console.log(
    `residency: label ${status.residency.labelKey}, regions in use: ${status.residency.regionsInUse}`,
  );
}
