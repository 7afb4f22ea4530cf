/**
 * Recording, transcription, persistence and deletion (RS-01 to RS-06): what the deployment
 * stores beyond a meeting, and whether something deletes it.
 */
import { PROSODY_DATA_CLAIM } from '../../resources/names.ts';
import { LABELS } from '../../resources/labels.ts';
import {
  evidence,
  expect,
  fail,
  is,
  judge,
  notApplicable,
  pass,
  type Finding,
} from '../evidence.ts';
import { globalOption } from '../readers/lua.ts';
import { containersOf, viewOf } from '../view.ts';
import type { CheckDefinition, ComplianceContext, Evaluation, KubeObject } from '../types.ts';
import { envOff, hoconFinding, unreadable, withWeb } from './helpers.ts';

/** Prosody modules that keep messages or room history. */
const PERSISTING_MODULES = [
  'mam',
  'muc_mam',
  'offline',
  'muc_log',
  'muc_log_http',
  'http_upload',
  'http_file_share',
];

export const STORAGE_CHECKS: CheckDefinition[] = [
  {
    id: 'RS-01',
    title: 'No server-side recording',
    category: 'RS',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(e), Art. 13; DSK guidance on video conferencing §3.4.8',
    measure:
      'Server-side recording (Jibri) is off, and the recording indicator and sounds stay on.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            ...envOff(ctx, ['ENABLE_RECORDING']),
            ...imageFindings(ctx, 'jibri', 'a Jibri recorder'),
            w.config('recordingService.enabled', is.notTrue, 'false'),
            w.config('fileRecordingsEnabled', is.notTrue, 'false or unset'),
            w.config('hideRecordingLabel', is.notTrue, 'false'),
            w.config(
              'disabledSounds',
              (v) =>
                !Array.isArray(v) ||
                !v.some((s) => s === 'RECORDING_ON_SOUND' || s === 'RECORDING_OFF_SOUND'),
              'no recording sounds',
            ),
          ],
          'server-side recording is off and its indicator stays visible',
        ),
      ),
  },
  {
    id: 'RS-02',
    title: 'No transcription',
    category: 'RS',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(e), Art. 35, Art. 44',
    measure: 'Transcription (Jigasi) is off.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            ...envOff(ctx, ['ENABLE_TRANSCRIPTIONS']),
            ...imageFindings(ctx, 'jigasi', 'a Jigasi transcriber'),
            w.config('transcription.enabled', is.notTrue, 'false'),
          ],
          'transcription is off',
        ),
      ),
  },
  {
    id: 'RS-03',
    title: 'No transcripts served by the web server',
    category: 'RS',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32',
    measure: 'No transcripts directory is mounted into the web server.',
    evaluate: (ctx) => {
      const mounts = viewOf(ctx)
        .workloads.filter((w) => w.component === 'web')
        .flatMap((w) =>
          containersOf(w.podSpec, false).flatMap((c) =>
            (c.volumeMounts ?? []).map((m) => ({ w, c, m })),
          ),
        );
      const transcripts = mounts.filter(({ m }) =>
        m.mountPath.startsWith('/usr/share/jitsi-meet/transcripts'),
      );
      const ev = transcripts.map(({ w, c, m }) =>
        evidence(`${w.kind} ${w.name}/${c.name}`, 'volumeMounts', m.mountPath),
      );
      if (transcripts.length > 0)
        return fail('a transcripts directory is mounted into the web server', ev);
      return pass('no transcripts directory in the web pods', [
        evidence('web pods', 'volumeMounts /usr/share/jitsi-meet/transcripts', undefined),
      ]);
    },
  },
  {
    id: 'RS-04',
    title: 'Prosody keeps no chat or room history',
    category: 'RS',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(e)',
    measure: 'Chat, polls and rooms live in Prosody’s memory and end with the meeting.',
    evaluate: prosodyKeepsNothing,
  },
  {
    id: 'RS-05',
    title: 'No shared documents, or random pad names',
    category: 'RS',
    enforceable: true,
    owner: 'operator',
    goal: 'unlinkability',
    basis: 'Art. 5(1)(e)',
    measure:
      'No Etherpad is configured; if one were, pads would get random names instead of room names.',
    evaluate: (ctx) => {
      const conf = viewOf(ctx).hocon('jicofo', 'custom-jicofo.conf');
      if (!conf.ok) return unreadable('the Jicofo configuration', conf.error);
      return withWeb(ctx, (w) => {
        const configured =
          typeof w.get('etherpad_base') === 'string' ||
          viewOf(ctx)
            .allEnv()
            .some((e) => /^ETHERPAD_(URL_BASE|PUBLIC_URL)$/.test(e.name) && (e.value ?? '') !== '');
        const random = hoconFinding(
          conf,
          'jicofo.conference.shared-document.use-random-name',
          (v) => !configured || v === true,
          'true when a pad server is configured',
        );
        return judge(
          [w.ownUrl('etherpad_base'), random],
          configured ? 'pads are on the instance and get random names' : 'no shared documents',
        );
      });
    },
  },
  {
    id: 'RS-06',
    title: 'Data on the Prosody volume is deleted on schedule',
    category: 'RS',
    enforceable: true,
    owner: 'operator',
    goal: 'intervenability',
    basis: 'Art. 5(1)(e), Art. 17',
    measure:
      'A CronJob deletes user and room data on the Prosody volume after the retention period.',
    evaluate: prosodyRetention,
  },
];

function imageFindings(ctx: ComplianceContext, needle: string, what: string): Finding[] {
  return viewOf(ctx)
    .workloads.filter((w) =>
      containersOf(w.podSpec, true).some((c) => (c.image ?? '').includes(needle)),
    )
    .map((w) => ({
      evidence: evidence(`${w.kind} ${w.name}`, 'image', needle),
      problem: `${w.kind} ${w.name} runs ${what}`,
    }));
}

function prosodyKeepsNothing(ctx: ComplianceContext): Evaluation {
  const lua = viewOf(ctx).lua('prosody', 'privacy.cfg.lua');
  if (!lua.ok) return unreadable('the Prosody configuration', lua.error);
  const source = lua.file.source;
  const option = (name: string) => globalOption(lua.value, name);
  const enabled = option('modules_enabled');
  const storage = option('storage');
  const findings: Finding[] = [
    expect(
      source,
      'modules_disabled',
      option('modules_disabled'),
      (v) => Array.isArray(v) && v.includes('offline'),
      'a list containing "offline"',
    ),
    expect(
      source,
      'modules_enabled',
      enabled,
      (v) => !Array.isArray(v) || !v.some((m) => PERSISTING_MODULES.includes(String(m))),
      `no ${PERSISTING_MODULES.join(', ')}`,
    ),
    expect(
      source,
      'muc_room_allow_persistent',
      option('muc_room_allow_persistent'),
      is.notTrue,
      'false or unset',
    ),
    expect(source, 'muc_tombstones', option('muc_tombstones'), is.notTrue, 'false or unset'),
    expect(
      source,
      'allow_registration',
      option('allow_registration'),
      is.notTrue,
      'false or unset',
    ),
    expect(
      source,
      'storage',
      storage,
      (v) =>
        v === undefined ||
        v === 'memory' ||
        (typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          ['muc', 'muc_log', 'archive', 'offline'].every((k) =>
            [undefined, 'memory'].includes((v as Record<string, unknown>)[k] as string | undefined),
          )),
      'unset, or memory for muc, archive and offline',
    ),
  ];
  return judge(
    findings,
    'rooms and chat stay in memory: no persistence module, no persistent rooms',
  );
}

function prosodyRetention(ctx: ComplianceContext): Evaluation {
  const view = viewOf(ctx);
  const prosody = view
    .objectsOfKind('StatefulSet')
    .find((s) => s.metadata.labels?.[LABELS.component] === 'prosody');
  const spec = prosody?.['spec'] as
    { volumeClaimTemplates?: { metadata?: { name?: string } }[] } | undefined;
  const claims = spec?.volumeClaimTemplates ?? [];
  if (prosody === undefined || claims.length === 0) {
    return notApplicable('Prosody keeps no persistent volume, so nothing needs deleting');
  }

  const days = ctx.spec.retention.prosodyData.maxAgeDays;
  const claimPrefix = `${claims[0]?.metadata?.name ?? PROSODY_DATA_CLAIM}-${prosody.metadata.name}`;
  const specEvidence = evidence('GdprJitsiMeet spec', 'retention.prosodyData.maxAgeDays', days);
  const cronJobs = ctx.live?.cronJobs ?? view.objectsOfKind('CronJob');
  const jobs = cronJobs.filter((job) => cronJobTargetsProsody(job, claimPrefix));
  if (jobs.length === 0) {
    const message = `no CronJob deletes data on the Prosody volume ${claimPrefix}-0 after ${days} days`;
    return fail(message, [specEvidence]);
  }

  const schedule = (job: KubeObject) =>
    (job['spec'] as { schedule?: string } | undefined)?.schedule;
  const ev = [
    specEvidence,
    ...jobs.map((job) => evidence(`CronJob ${job.metadata.name}`, 'spec.schedule', schedule(job))),
  ];
  const withDays = jobs.filter((job) => cronJobMentions(job, String(days)));
  if (withDays.length === 0) {
    const names = jobs.map((j) => j.metadata.name).join(', ');
    return fail(`CronJob ${names} does not pass the retention period of ${days} days`, ev);
  }
  const names = withDays.map((j) => j.metadata.name).join(', ');
  return pass(`CronJob ${names} deletes Prosody data older than ${days} days`, ev);
}

/** Tells whether a CronJob belongs to Prosody or mounts the Prosody data claim. */
function cronJobTargetsProsody(job: KubeObject, claimPrefix: string): boolean {
  if (job.metadata.labels?.[LABELS.component] === 'prosody') return true;
  const template = (
    job['spec'] as
      | {
          jobTemplate?: {
            spec?: {
              template?: {
                spec?: { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] };
              };
            };
          };
        }
      | undefined
  )?.jobTemplate?.spec?.template?.spec;
  return (template?.volumes ?? []).some(
    (v) => v.persistentVolumeClaim?.claimName?.startsWith(claimPrefix) === true,
  );
}

/** True when a container of the job passes `text` as an argument, command word or env value. */
function cronJobMentions(job: KubeObject, text: string): boolean {
  const spec =
    (
      job['spec'] as
        { jobTemplate?: { spec?: { template?: { spec?: Record<string, unknown> } } } } | undefined
    )?.jobTemplate?.spec?.template?.spec ?? {};
  return containersOf(spec, true).some((c) =>
    [...(c.args ?? []), ...(c.command ?? []), ...(c.env ?? []).map((e) => e.value ?? '')].some(
      (word) => new RegExp(`(^|[^0-9])${text}([^0-9]|$)`).test(word),
    ),
  );
}
