/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- the tests edit untyped manifests in place */
import {
  appendFile,
  editObject,
  renderedWith,
  retentionCronJob,
  setEnv,
  withLive,
  withObjects,
  withoutKinds,
} from './fixtures.ts';
import { passesRender, runCases, type Change } from './cases.ts';

/** Changes the image of every container of one component. */
const image =
  (component: string, ref: string): Change =>
  (c) =>
    editObject(
      c,
      component === 'web' ? 'Deployment' : 'StatefulSet',
      (w) => {
        for (const container of w['spec']['template']['spec']['containers']) container.image = ref;
      },
      component,
    );

runCases('storage checks', [
  {
    id: 'RS-01',
    outcomes: [
      passesRender(/recording is off/),
      {
        name: 'fails with recording on',
        change: (c) => setEnv(c, 'web', 'ENABLE_RECORDING', '1'),
        result: 'fail',
        message: /ENABLE_RECORDING is 1/,
      },
      {
        name: 'fails when the recording label is hidden',
        change: (c) => appendFile(c, 'custom-config.js', 'config.hideRecordingLabel = true;\n'),
        result: 'fail',
        message: /hideRecordingLabel is true/,
      },
    ],
  },
  {
    id: 'RS-02',
    outcomes: [
      passesRender(/transcription is off/),
      {
        name: 'fails with transcription on',
        change: (c) => setEnv(c, 'prosody', 'ENABLE_TRANSCRIPTIONS', '1'),
        result: 'fail',
        message: /ENABLE_TRANSCRIPTIONS is 1/,
      },
    ],
  },
  {
    id: 'RS-03',
    outcomes: [
      passesRender(/no transcripts directory/),
      {
        name: 'fails with a transcripts mount',
        change: (c) =>
          editObject(c, 'Deployment', (d) => {
            d['spec']['template']['spec']['containers'][0]['volumeMounts'].push({
              name: 'tmp',
              mountPath: '/usr/share/jitsi-meet/transcripts',
            });
          }),
        result: 'fail',
        message: /transcripts directory is mounted/,
      },
    ],
  },
  {
    id: 'RS-04',
    outcomes: [
      passesRender(/stay in memory/),
      {
        name: 'fails with persistent rooms',
        change: (c) => appendFile(c, 'privacy.cfg.lua', 'muc_room_allow_persistent = true\n'),
        result: 'fail',
        message: /muc_room_allow_persistent is true/,
      },
      {
        name: 'fails with an archive module',
        change: (c) => appendFile(c, 'privacy.cfg.lua', 'modules_enabled = { "muc_mam" }\n'),
        result: 'fail',
        message: /modules_enabled is \["muc_mam"\]/,
      },
    ],
  },
  {
    id: 'RS-05',
    outcomes: [
      passesRender(/no shared documents/),
      {
        name: 'fails on an outside pad server',
        change: (c) =>
          appendFile(
            c,
            'custom-config.js',
            "config.etherpad_base = 'https://pad.example.com/p/';\n",
          ),
        result: 'fail',
        message: /etherpad_base is https:\/\/pad\.example\.com/,
      },
    ],
  },
  {
    id: 'RS-06',
    outcomes: [
      {
        name: 'fails without a deletion CronJob',
        change: (c) => withoutKinds(c, ['CronJob']),
        result: 'fail',
        message: /no CronJob deletes data on the Prosody volume data-meet-prosody-0 after 7 days/,
      },
      {
        name: 'passes with a CronJob for the period',
        change: (c) => withObjects(withoutKinds(c, ['CronJob']), [retentionCronJob(7)]),
        result: 'pass',
        message: /^CronJob meet-retention-prosody deletes Prosody data older than 7 days$/,
      },
      {
        name: 'fails on a CronJob with another period',
        change: (c) => withObjects(withoutKinds(c, ['CronJob']), [retentionCronJob(30)]),
        result: 'fail',
        message: /does not pass the retention period of 7 days/,
      },
      {
        name: 'reads CronJobs from the cluster when live',
        change: (c) => withLive(withoutKinds(c, ['CronJob']), { cronJobs: [retentionCronJob(7)] }),
        result: 'pass',
        message: /older than 7 days/,
      },
    ],
  },
]);

runCases('platform checks', [
  {
    id: 'K8-01',
    outcomes: [
      passesRender(/requires a node in one of the \d+ allowed regions/),
      {
        name: 'fails on a region outside the list',
        change: (c) =>
          editObject(
            c,
            'StatefulSet',
            (s) => {
              s['spec']['template']['spec']['affinity']['nodeAffinity'][
                'requiredDuringSchedulingIgnoredDuringExecution'
              ]['nodeSelectorTerms'][0]['matchExpressions'][0]['values'].push('us-east-1');
            },
            'jvb',
          ),
        result: 'fail',
        message: /^StatefulSet meet-jvb may run in us-east-1, outside the allowed regions$/,
      },
      {
        name: 'fails on a running pod outside the regions',
        change: (c) =>
          withLive(c, {
            pods: [{ name: 'meet-jvb-0', component: 'jvb', node: 'n1', region: 'us-east-1' }],
            nodeRegions: { n1: 'us-east-1' },
          }),
        result: 'fail',
        message:
          /pod meet-jvb-0 runs on node n1 with topology\.kubernetes\.io\/region=us-east-1, outside the allowed regions/,
      },
      {
        name: 'passes running pods in allowed regions',
        change: (c) =>
          withLive(c, {
            pods: [{ name: 'meet-jvb-0', component: 'jvb', node: 'n1', region: 'eu-central-1' }],
            nodeRegions: { n1: 'eu-central-1' },
          }),
        result: 'pass',
        message: /1 running pods are on such nodes/,
      },
      {
        name: 'names opted-in adequacy regions',
        change: () =>
          renderedWith({
            residency: { allowAdequacyRegions: true, allowedRegions: ['eu-west-1', 'eu-west-2'] },
          }),
        result: 'pass',
        message:
          /^every pod template requires a node in the allowed regions eu-west-1, eu-west-2; 1 allowed region is in an adequacy country, so pods may run outside the EU\/EEA under an adequacy decision \(Art\. 45 GDPR\): eu-west-2 in GB \(United Kingdom\)$/,
      },
      {
        name: 'counts adequacy custom regions',
        change: () =>
          renderedWith({
            residency: {
              allowAdequacyRegions: true,
              allowedRegions: ['eu-west-1', 'zrh-dc1'],
              customRegions: [{ value: 'zrh-dc1', country: 'CH' }],
            },
          }),
        result: 'pass',
        message: /1 allowed region is in an adequacy country.*: zrh-dc1 in CH \(Switzerland\)$/,
      },
    ],
  },
  {
    id: 'K8-02',
    outcomes: [
      {
        name: 'leaves the provider to the controller',
        result: 'not-applicable',
        message: /legal entity and parent company/,
      },
    ],
  },
  {
    id: 'K8-03',
    outcomes: [
      passesRender(/read-only; images are pinned by release tag, not by digest/),
      {
        name: 'fails on a floating tag',
        change: image('web', 'ghcr.io/jitsi/web:latest'),
        result: 'fail',
        message: /image is ghcr\.io\/jitsi\/web:latest/,
      },
      {
        name: 'fails on a writable root file system',
        change: (c) =>
          editObject(c, 'Deployment', (d) => {
            d['spec']['template']['spec']['containers'][0]['securityContext'][
              'readOnlyRootFilesystem'
            ] = false;
          }),
        result: 'fail',
        message: /readOnlyRootFilesystem is false/,
      },
    ],
  },
  {
    id: 'K8-04',
    outcomes: [
      passesRender(/tested with/),
      {
        name: 'fails on an older release',
        change: image('jvb', 'ghcr.io/jitsi/jvb:stable-10655'),
        result: 'fail',
        message: /stable-10655 is older than/,
      },
      {
        name: 'leaves a custom tag to whoever set it',
        change: image('jvb', 'registry.example.eu/jvb:custom'),
        result: 'not-applicable',
        message: /patch window/,
      },
    ],
  },
  {
    id: 'K8-05',
    outcomes: [
      passesRender(/requests no certificate; certificates come from Secret meet-example-eu-tls/),
      {
        name: 'fails when the image requests certificates',
        change: (c) => setEnv(c, 'web', 'ENABLE_LETSENCRYPT', '1'),
        result: 'fail',
        message: /ENABLE_LETSENCRYPT is 1/,
      },
    ],
  },
]);

runCases('organisational checks', [
  {
    id: 'OG-01',
    outcomes: [
      {
        name: 'names the linked privacy notice',
        result: 'not-applicable',
        message: /legal notice and a privacy notice/,
      },
    ],
  },
  {
    id: 'OG-02',
    outcomes: [
      {
        name: 'asks the controller to adopt the record',
        result: 'not-applicable',
        message: /review and adopt/,
      },
    ],
  },
  {
    id: 'OG-03',
    outcomes: [
      {
        name: 'asks the controller to assess the DPIA',
        result: 'not-applicable',
        message: /DPIA threshold/,
      },
    ],
  },
  {
    id: 'OG-04',
    outcomes: [
      {
        name: 'asks for processor agreements',
        result: 'not-applicable',
        message: /data processing agreements/,
      },
    ],
  },
  {
    id: 'OG-05',
    outcomes: [
      { name: 'asks for a breach runbook', result: 'not-applicable', message: /breach runbook/ },
    ],
  },
  {
    id: 'OG-06',
    outcomes: [
      {
        name: 'leaves tamper evidence to the platform',
        result: 'not-applicable',
        message: /tamper-evident/,
      },
    ],
  },
]);
