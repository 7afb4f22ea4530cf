import { buildNetworkPolicies } from '../../../src/resources/network-policies.ts';
import { buildRetentionCronJobs } from '../../../src/resources/retention.ts';
import { runChecks } from '../../../src/compliance/run.ts';
import { rendered, withObjects } from './fixtures.ts';
const base = rendered();
const input = {
  instance: { name: 'meet', namespace: 'jitsi', uid: '' },
  spec: base.spec,
  operator: { version: '0.1.0' },
};
const extra = [...buildNetworkPolicies(input), ...buildRetentionCronJobs(input)];
const r = runChecks(withObjects(base, extra as any));
for (const x of r.results.filter((x) =>
  ['TP-20', 'EX-01', 'EX-02', 'EX-03', 'RS-06', 'K8-01', 'K8-03', 'K8-04', 'AC-07'].includes(x.id),
))
  console.log(x.id, x.result, x.message, JSON.stringify(x.evidence).slice(0, 1500));
console.log(r.hostScan);
