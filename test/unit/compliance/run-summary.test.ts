import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { configurationHash } from '../../../src/compliance/hash.ts';
import { runCheck, runChecks } from '../../../src/compliance/run.ts';
import {
  compliantCondition,
  MAX_SUMMARY_ENTRIES,
  summarise,
} from '../../../src/compliance/summary.ts';
import type { CheckDefinition } from '../../../src/compliance/types.ts';
import { configHash } from '../../../src/controller/reconcile.ts';
import { appendFile, complete, rendered, renderedWith, setEnv, withoutKinds } from './fixtures.ts';

/** Builds the example with its policies and jobs, so that no check fails. */
function allPass() {
  return complete();
}

/** Builds the example without NetworkPolicies and CronJobs, whether or not the render has them. */
function bare() {
  return withoutKinds(rendered(), ['NetworkPolicy', 'CronJob']);
}

describe('runChecks', () => {
  it('counts every result', () => {
    const report = runChecks(rendered());
    const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
    assert.equal(total, report.results.length);
    assert.equal(report.source, 'rendered');
  });

  it('marks a failing check relaxed by a spec field', () => {
    const context = {
      ...appendFile(
        rendered(),
        'custom-config.js',
        'config.p2p.enabled = true; delete config.p2p.stunServers;\n',
      ),
      relaxations: {
        'TP-01': { field: 'spec.privacy.peerToPeer.stunServers', setBy: 'alice via Apply' },
      },
    };
    const result = runChecks(context).results.find((r) => r.id === 'TP-01');
    assert.ok(result !== undefined);
    assert.equal(result.result, 'relaxed');
    assert.equal(result.relaxedBy, 'spec.privacy.peerToPeer.stunServers');
    assert.match(
      result.message,
      /^relaxed by spec\.privacy\.peerToPeer\.stunServers \(set by alice via Apply\): peer-to-peer is on/,
    );
  });

  it('keeps a passing check passing when relaxed', () => {
    const context = {
      ...rendered(),
      relaxations: { 'CL-01': { field: 'spec.privacy.recentMeetings' } },
    };
    assert.equal(runChecks(context).results.find((r) => r.id === 'CL-01')?.result, 'pass');
  });

  it('turns a check that throws into a fail', () => {
    const broken: CheckDefinition = {
      id: 'XX-01',
      title: 'x',
      category: 'TP',
      enforceable: true,
      owner: 'operator',
      goal: 'integrity',
      basis: 'x',
      measure: 'x.',
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const result = runCheck(broken, rendered());
    assert.equal(result.result, 'fail');
    assert.match(result.message, /the check failed to run: boom/);
  });

  it('fails the web checks when config.js does not run', () => {
    const report = runChecks(appendFile(rendered(), 'custom-config.js', 'config.x = ;\n'));
    const tp03 = report.results.find((r) => r.id === 'TP-03');
    assert.ok(tp03 !== undefined);
    assert.equal(tp03.result, 'fail');
    assert.match(tp03.message, /cannot read the web configuration: custom-config\.js does not run/);
  });

  it('never shows a literal secret in results', () => {
    const report = runChecks(
      setEnv(
        setEnv(rendered(), 'jvb', 'JVB_AUTH_PASSWORD', 'hunter2-literal'),
        'jicofo',
        'JICOFO_SENTRY_DSN',
        'https://dsnkey@sentry.example.com/1',
      ),
    );
    const text = JSON.stringify(report);
    assert.ok(!text.includes('hunter2-literal'), 'password leaked');
    assert.ok(!text.includes('dsnkey'), 'DSN key leaked');
  });
});

describe('summarise', () => {
  it('lists failing ids with short messages', () => {
    const summary = summarise(runChecks(bare()));
    assert.deepEqual(
      summary.failing.map((f) => f.id),
      ['TP-20', 'EX-01', 'EX-02', 'EX-03', 'RS-06'],
    );
    assert.ok(summary.failing.every((f) => f.message.length <= 160));
    assert.equal(summary.more, 0);
  });

  it('adds the host scan as an entry', () => {
    const summary = summarise(
      runChecks(setEnv(rendered(), 'web', 'X_URL', 'https://tracker.example.com')),
    );
    assert.deepEqual(summary.failing.at(-1), {
      id: 'host-scan',
      message: 'hosts outside the instance: tracker.example.com',
    });
    assert.equal(summary.foreignHosts, 1);
  });

  it('caps the list and counts the rest', () => {
    const report = runChecks(rendered());
    const many = {
      ...report,
      results: report.results.map((r) => ({ ...r, result: 'fail' as const })),
    };
    const summary = summarise(many);
    assert.equal(summary.failing.length, MAX_SUMMARY_ENTRIES);
    assert.equal(summary.more, report.results.length - MAX_SUMMARY_ENTRIES);
    assert.match(
      compliantCondition(summary).message,
      new RegExp(`^${report.results.length} failing: .* and ${summary.more} more$`),
    );
  });
});

describe('Compliant condition', () => {
  it('is False while checks fail', () => {
    const condition = compliantCondition(summarise(runChecks(bare())));
    assert.deepEqual(condition, {
      type: 'Compliant',
      status: 'False',
      reason: 'ChecksFailed',
      message: '5 failing: TP-20, EX-01, EX-02, EX-03, RS-06',
    });
  });

  it('is True when nothing fails', () => {
    const condition = compliantCondition(summarise(runChecks(allPass())));
    assert.equal(condition.status, 'True', condition.message);
    assert.equal(condition.reason, 'AllChecksPass');
    assert.match(condition.message, /checks pass; \d+ need evidence from outside the cluster/);
  });

  it('names relaxed checks when nothing else fails', () => {
    const condition = compliantCondition(
      summarise(runChecks(renderedWith({ auth: { mode: 'None' } }))),
    );
    assert.deepEqual(condition, {
      type: 'Compliant',
      status: 'True',
      reason: 'PassWithRelaxations',
      message: 'no check fails; relaxed on purpose: AC-01',
    });
  });
});

describe('configuration hash', () => {
  it('matches the operator status hash', () => {
    const objects = rendered().objects;
    assert.equal(
      configurationHash(objects),
      configHash(objects as Parameters<typeof configHash>[0]),
    );
  });
});
