/**
 * The retention and deletion matrix: for each kind of data, where it lives, how long, and what
 * deletes it. It feeds Art. 30(1)(f) and the storage-limitation part of the TOM.
 */
import type { DeploymentFacts } from './facts.ts';
import { resultOf } from './facts.ts';
import { code, open, paragraph, table, type Document, type Inline, type Text } from './model.ts';

export function buildRetention(facts: DeploymentFacts): Document {
  const check = (...ids: string[]): Inline[] =>
    ids.flatMap((id, i) => [...(i === 0 ? [] : [', ']), code(id), ` ${resultOf(facts, id)}`]);
  const prosodyJob = facts.results.get('RS-06');
  const rows: Text[][] = [
    [
      'Audio, video, screen share',
      'videobridge memory',
      'only while forwarded; never stored',
      'no recording and no audio export',
      check('RS-01', 'EX-06'),
    ],
    [
      'Chat, polls, reactions, room state, display names',
      'Prosody memory',
      'until the meeting ends',
      'in-memory rooms, no archive modules',
      check('RS-04'),
    ],
    [
      'Component logs (web, Prosody, Jicofo, videobridge)',
      'stdout, collected by the cluster log pipeline',
      `${facts.logsDays} days (spec.retention.logs.maxAgeDays)`,
      'the platform’s log pipeline',
      check('LG-06', 'LG-01', 'LG-03', 'LG-04', 'LG-05'),
    ],
    [
      'Data on the Prosody volume',
      'PersistentVolumeClaim of the Prosody StatefulSet',
      `${facts.prosodyDays} days (spec.retention.prosodyData.maxAgeDays)`,
      prosodyJob?.result === 'pass'
        ? prosodyJob.message
        : `not enforced (RS-06 ${prosodyJob?.result ?? 'missing'}): ${prosodyJob?.message ?? ''}`,
      check('RS-06'),
    ],
    ...(facts.hostAccounts
      ? [
          [
            'Accounts of hosts (user name, password hash)',
            'Prosody volume, the XMPP domain’s accounts',
            'until an administrator deletes the account',
            'prosodyctl deluser in the Prosody pod; the retention CronJob keeps accounts',
            check('AC-01'),
          ],
        ]
      : []),
    [
      'The Prosody volume after the instance is deleted',
      'PersistentVolumeClaim',
      facts.dataDeletionPolicy === 'Delete'
        ? 'deleted with the instance'
        : 'kept until an administrator deletes it',
      `spec.dataDeletionPolicy: ${facts.dataDeletionPolicy}`,
      '',
    ],
    ['Recordings', 'none', 'not created', 'recording is off', check('RS-01')],
    [
      'Transcripts',
      'none',
      'not created',
      'transcription is off, no transcripts directory',
      check('RS-02', 'RS-03'),
    ],
    ['Shared documents (pads)', 'none', 'not created', 'no Etherpad', check('RS-05')],
    ['Telemetry (rtcstats)', 'none', 'not created', 'rtcstats is off', check('TP-06')],
    [
      'Browser storage (settings, statistics id, device id)',
      'participant’s device',
      'until the participant clears it',
      facts.results.get('CL-01')?.result === 'relaxed'
        ? 'a recent-meetings list is kept (spec.privacy.recentMeetings); named in the privacy notice'
        : 'no recent-meetings list; named in the privacy notice',
      check('CL-01', 'CL-10'),
    ],
    [
      'Ingress controller logs',
      'the platform',
      [open('the platform’s retention')],
      'the platform',
      check('LG-02'),
    ],
    [
      'Backups (etcd, volume snapshots)',
      'the platform',
      [open('the platform’s backup retention')],
      'the platform',
      '',
    ],
    [
      'Certificate account data',
      'the certificate authority',
      'the authority’s policy',
      facts.certificates,
      check('K8-05'),
    ],
  ];
  return {
    id: 'retention',
    title: 'Retention and deletion matrix',
    blocks: [
      table(['Data', 'Where', 'Kept for', 'Deleted by', 'Check'], rows),
      paragraph(
        'Retention periods are policy choices of the controller; the defaults are the operator’s proposal, not a figure set by an authority.',
      ),
    ],
  };
}
