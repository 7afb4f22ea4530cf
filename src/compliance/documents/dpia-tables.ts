/**
 * The fixed tables of the DPIA input: the nine criteria of the WP29 guidelines on DPIAs (WP248
 * rev.01), and the risks Jitsi Meet brings, each with the checks whose measures address it.
 */
import type { SdmGoal } from '../types.ts';

export interface Criterion {
  name: string;
  /** Checks whose pass supports "not met"; empty for criteria only the use context decides. */
  checks: string[];
  /** Reason when every check passes. */
  reason: string;
}

/** The nine WP248 criteria. */
export const CRITERIA: readonly Criterion[] = [
  {
    name: 'Evaluation or scoring',
    checks: ['TP-05', 'CL-06'],
    reason: 'no analytics and no face expression detection',
  },
  { name: 'Automated decisions with legal or similar effect', checks: [], reason: '' },
  { name: 'Systematic monitoring', checks: [], reason: '' },
  { name: 'Sensitive data (Art. 9, Art. 10)', checks: [], reason: '' },
  { name: 'Data processed on a large scale', checks: [], reason: '' },
  {
    name: 'Matching or combining datasets',
    checks: ['TP-05', 'TP-06', 'TP-12'],
    reason: 'no analytics, telemetry or cloud integrations',
  },
  { name: 'Vulnerable data subjects (employees, pupils, patients)', checks: [], reason: '' },
  { name: 'Innovative use of technology', checks: [], reason: '' },
  {
    name: 'Processing that prevents the exercise of a right or the use of a service',
    checks: [],
    reason: '',
  },
];

export interface Risk {
  risk: string;
  source: string;
  goal: SdmGoal;
  checks: string[];
}

/** Risk candidates specific to Jitsi Meet, each with the checks whose measures address it. */
export const RISKS: readonly Risk[] = [
  {
    risk: 'Media is decrypted on the videobridge unless participants use end-to-end encryption',
    source: 'administrators, hosting provider',
    goal: 'confidentiality',
    checks: ['EN-03', 'K8-01', 'K8-02'],
  },
  {
    risk: 'Uninvited people guess a room name and join',
    source: 'outsiders',
    goal: 'confidentiality',
    checks: ['AC-01', 'AC-02', 'CL-02'],
  },
  {
    risk: 'A participant records the meeting covertly in the browser',
    source: 'participants',
    goal: 'transparency',
    checks: ['CL-05', 'RS-01'],
  },
  {
    risk: 'Logs keep IP addresses, room names or ids',
    source: 'administrators, log storage provider',
    goal: 'dataMinimisation',
    checks: ['LG-01', 'LG-02', 'LG-03', 'LG-04', 'LG-05', 'LG-06'],
  },
  {
    risk: 'Browsers or servers contact third parties (STUN, avatars, analytics, links)',
    source: 'third parties',
    goal: 'confidentiality',
    checks: ['TP-01', 'TP-02', 'TP-03', 'TP-04', 'TP-05', 'TP-19', 'TP-20'],
  },
  {
    risk: 'Participants learn each other’s IP address through peer-to-peer',
    source: 'participants',
    goal: 'confidentiality',
    checks: ['CL-09', 'CL-04'],
  },
  {
    risk: 'Statistics ids link a participant across meetings',
    source: 'administrators, participants',
    goal: 'unlinkability',
    checks: ['CL-10', 'TP-07'],
  },
  {
    risk: 'Debug interfaces reveal meetings and participants',
    source: 'attackers inside the cluster',
    goal: 'confidentiality',
    checks: ['EX-01', 'EX-02', 'EX-03'],
  },
  {
    risk: 'Data outlives its purpose',
    source: 'operator',
    goal: 'dataMinimisation',
    checks: ['RS-04', 'RS-06', 'LG-06'],
  },
  {
    risk: 'A foreign authority compels the provider to disclose data',
    source: 'hosting provider',
    goal: 'confidentiality',
    checks: ['K8-01', 'K8-02', 'OG-04'],
  },
  {
    risk: 'The service is unavailable when needed',
    source: 'attackers, failures',
    goal: 'availability',
    checks: ['AC-06'],
  },
];
