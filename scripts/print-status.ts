// Prints the conditions, residency, compliance summary and applied history of a GdprJitsiMeet
// read as JSON from stdin.
import { readFileSync } from 'node:fs';
import type { GdprJitsiMeetStatus } from '../src/api/types.ts';

const obj = JSON.parse(readFileSync(0, 'utf8')) as {
  metadata: { generation: number };
  status?: GdprJitsiMeetStatus;
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
const compliance = status.compliance;
if (compliance) {
  console.log(
    `compliance: ${compliance.pass} pass, ${compliance.fail} fail, ${compliance.relaxed} relaxed, ` +
      `${compliance.notApplicable} need evidence from outside the cluster; ` +
      `documents in ConfigMap ${compliance.reportConfigMap}`,
  );
  for (const f of compliance.failing) console.log(`  failing ${f.id}: ${f.message}`);
  for (const r of compliance.relaxedChecks)
    console.log(`  relaxed ${r.id} by ${r.field}${r.setBy ? ` (${r.setBy})` : ''}`);
}
for (const h of status.appliedHistory ?? []) {
  console.log(
    `applied configuration ${h.configHash} at ${h.appliedAt} (generation ${h.generation ?? '-'})`,
  );
}
