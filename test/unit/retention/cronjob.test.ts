/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return -- assertions walk built objects, which are untyped mappings */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EffectiveSpec } from '../../../src/api/types.ts';
import { canonicalize } from '../../../src/resources/canonical.ts';
import { buildDesiredObjects } from '../../../src/resources/index.ts';
import { instanceSelector } from '../../../src/resources/labels.ts';
import {
  buildRetentionCronJobs,
  prosodyClaimName,
  PROSODY_DATA_SUBPATH,
  retentionMinute,
} from '../../../src/resources/retention.ts';
import { residencyAffinity } from '../../../src/resources/scheduling.ts';
import { effectiveSpec } from '../resources/fixtures.ts';
import { find, type Tree } from '../resources/helpers.ts';

function input(overrides: Partial<EffectiveSpec> = {}, image?: string) {
  return {
    instance: { name: 'meet', namespace: 'jitsi', uid: 'uid-1' },
    spec: effectiveSpec(overrides),
    operator: { version: '0.1.0', image },
  };
}

function cronJob(overrides: Partial<EffectiveSpec> = {}, image?: string): Tree {
  const [job] = buildRetentionCronJobs(input(overrides, image)).map((o) => canonicalize(o) as Tree);
  assert.ok(job);
  return job;
}

function podSpec(job: Tree): Tree {
  return job['spec']['jobTemplate']['spec']['template']['spec'];
}

function container(job: Tree): Tree {
  return podSpec(job)['containers'][0];
}

describe('retention CronJob', () => {
  it('runs the retention command on the Prosody data', () => {
    const args: string[] = container(
      cronJob({ retention: { logs: { maxAgeDays: 7 }, prosodyData: { maxAgeDays: 3 } } }),
    )['args'];
    assert.deepEqual(args.slice(0, 7), [
      'retention',
      '--path',
      `/data/${PROSODY_DATA_SUBPATH}`,
      '--max-age-days',
      '3',
      '--category',
      'prosody-data',
    ]);
    assert.deepEqual(container(cronJob())['command'], ['gdpr-jitsi']);
  });

  it('protects the service and host accounts and certificates', () => {
    const args: string[] = container(cronJob())['args'];
    const keep = args.flatMap((a, i) => (args[i - 1] === '--keep' ? [a] : []));
    assert.deepEqual(keep, [
      'auth%2emeet%2ejitsi/accounts/*',
      'auth%2emeet%2ejitsi/roster/*',
      'meet%2ejitsi/accounts/*',
      'meet%2ejitsi/account_roles/*',
      '**/*.crt',
      '**/*.key',
    ]);
  });

  it('keeps no host accounts without authentication', () => {
    const args: string[] = container(cronJob({ auth: { mode: 'None', allowGuests: true } }))[
      'args'
    ];
    const keep = args.flatMap((a, i) => (args[i - 1] === '--keep' ? [a] : []));
    assert.deepEqual(keep, [
      'auth%2emeet%2ejitsi/accounts/*',
      'auth%2emeet%2ejitsi/roster/*',
      '**/*.crt',
      '**/*.key',
    ]);
  });

  it('never runs two jobs at once', () => {
    const spec = cronJob()['spec'];
    assert.equal(spec['concurrencyPolicy'], 'Forbid');
    assert.equal(spec['successfulJobsHistoryLimit'], 1);
    assert.equal(spec['failedJobsHistoryLimit'], 3);
    assert.equal(spec['timeZone'], 'Etc/UTC');
    assert.ok(spec['jobTemplate']['spec']['activeDeadlineSeconds'] > 0);
  });

  it('runs hourly at a stable minute', () => {
    const minute = retentionMinute('jitsi', 'meet');
    assert.ok(minute >= 0);
    assert.ok(minute < 60);
    assert.equal(cronJob()['spec']['schedule'], `${minute} * * * *`);
    assert.equal(retentionMinute('jitsi', 'meet'), minute);
  });

  it('uses restricted pod security', () => {
    const pod = podSpec(cronJob());
    assert.equal(pod['automountServiceAccountToken'], false);
    assert.equal(pod['securityContext']['runAsNonRoot'], true);
    assert.equal(pod['securityContext']['seccompProfile']['type'], 'RuntimeDefault');
    const security = container(cronJob())['securityContext'];
    assert.equal(security['readOnlyRootFilesystem'], true);
    assert.equal(security['allowPrivilegeEscalation'], false);
    assert.equal(security['runAsNonRoot'], true);
    assert.deepEqual(security['capabilities'], { drop: ['ALL'] });
  });

  it('keeps the EU node affinity', () => {
    const spec = effectiveSpec();
    const affinity = podSpec(cronJob())['affinity'];
    assert.deepEqual(
      affinity['nodeAffinity'],
      canonicalize(residencyAffinity(spec))['nodeAffinity'],
    );
  });

  it('joins the node of the Prosody pod', () => {
    const terms =
      podSpec(cronJob())['affinity']['podAffinity'][
        'requiredDuringSchedulingIgnoredDuringExecution'
      ];
    assert.equal(terms.length, 1);
    assert.equal(terms[0]['topologyKey'], 'kubernetes.io/hostname');
    assert.equal(
      terms[0]['labelSelector']['matchLabels']['app.kubernetes.io/component'],
      'prosody',
    );
    assert.equal(terms[0]['labelSelector']['matchLabels']['gdprmeet.io/instance'], 'meet');
  });

  it('carries tolerations and pull secrets', () => {
    const pod = podSpec(
      cronJob({
        scheduling: {
          tolerations: [
            { key: 'dedicated', operator: 'Equal', value: 'jitsi', effect: 'NoSchedule' },
          ],
          nodeSelector: {},
          imagePullSecrets: [{ name: 'registry' }],
        },
      }),
    );
    assert.deepEqual(pod['tolerations'], [
      { effect: 'NoSchedule', key: 'dedicated', operator: 'Equal', value: 'jitsi' },
    ]);
    assert.deepEqual(pod['imagePullSecrets'], [{ name: 'registry' }]);
  });

  it('mounts the claim the Prosody StatefulSet creates', () => {
    const objects = buildDesiredObjects(input());
    const statefulSet = find(objects, 'StatefulSet', 'meet-prosody');
    const template = statefulSet['spec']['volumeClaimTemplates'][0]['metadata']['name'];
    assert.equal(prosodyClaimName('meet'), `${template}-meet-prosody-0`);
    const volume = podSpec(cronJob())['volumes'][0];
    assert.equal(volume['persistentVolumeClaim']['claimName'], prosodyClaimName('meet'));
  });

  it('prunes the directory Prosody mounts', () => {
    const objects = buildDesiredObjects(input());
    const statefulSet = find(objects, 'StatefulSet', 'meet-prosody');
    const mounts: Tree[] = statefulSet['spec']['template']['spec']['containers'][0]['volumeMounts'];
    const data = mounts.find((m) => m['mountPath'] === '/var/lib/prosody');
    assert.equal(data?.['subPath'], PROSODY_DATA_SUBPATH);
  });

  it('labels job pods for the default deny', () => {
    const labels = cronJob()['spec']['jobTemplate']['spec']['template']['metadata']['labels'];
    for (const [key, value] of Object.entries(instanceSelector('meet')))
      assert.equal(labels[key], value);
    assert.equal(labels['app.kubernetes.io/component'], 'retention');
  });

  it('defaults to the release image', () => {
    assert.equal(container(cronJob())['image'], 'ghcr.io/gdpr-jitsi/operator:0.1.0');
  });

  it('uses the configured operator image', () => {
    assert.equal(
      container(cronJob({}, 'registry.example.eu/gdpr-jitsi/operator@sha256:abc'))['image'],
      'registry.example.eu/gdpr-jitsi/operator@sha256:abc',
    );
  });

  it('rejects a zero maximum age', () => {
    const spec = { retention: { logs: { maxAgeDays: 7 }, prosodyData: { maxAgeDays: 0 } } };
    assert.throws(
      () => buildRetentionCronJobs(input(spec)),
      /spec\.retention\.prosodyData\.maxAgeDays is 0/,
    );
  });

  it('builds the same bytes twice', () => {
    assert.equal(JSON.stringify(cronJob()), JSON.stringify(cronJob()));
  });
});
