import { CONDITION_REASON_PATTERN } from './patterns.ts';
import { bool, list, obj, str, type SchemaNode } from './schema-node.ts';

const CONDITION: SchemaNode = obj(
  'An observation of one aspect of the instance, as metav1.Condition.',
  {
    type: str(
      'Condition type in CamelCase: Ready, Progressing, Degraded, ResidencyCompliant, ...',
      {
        pattern: CONDITION_REASON_PATTERN,
        maxLength: 316,
      },
    ),
    status: str('True, False or Unknown.', { enum: ['True', 'False', 'Unknown'] }),
    observedGeneration: {
      type: 'integer',
      format: 'int64',
      minimum: 0,
      description: 'metadata.generation the condition was computed from.',
    },
    lastTransitionTime: str('Time the status last changed, RFC 3339.', { format: 'date-time' }),
    reason: str('Machine-readable CamelCase reason of the last transition.', {
      pattern: CONDITION_REASON_PATTERN,
      maxLength: 1024,
      minLength: 1,
    }),
    message: str('Human-readable details; may be empty.', { maxLength: 32768 }),
  },
  { required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'] },
);

const PLACEMENT: SchemaNode = obj(
  'Where one pod of the instance runs.',
  {
    name: str('Pod name.'),
    component: str('Jitsi component: web, prosody, jicofo or jvb.'),
    node: str('Node name.'),
    region: str('Value of the residency label on that node.'),
  },
  { required: ['name', 'component', 'node', 'region'] },
);

const APPLIED_ENTRY: SchemaNode = obj(
  'One applied configuration.',
  {
    configHash: str('Hash of the rendered configuration.'),
    generation: {
      type: 'integer',
      format: 'int64',
      minimum: 0,
      description: 'metadata.generation of the spec it was rendered from.',
    },
    appliedAt: str('Time the operator applied it, RFC 3339.', { format: 'date-time' }),
  },
  { required: ['configHash', 'appliedAt'] },
);

const count = (description: string): SchemaNode => ({
  type: 'integer',
  format: 'int32',
  minimum: 0,
  description,
});

const COMPLIANCE: SchemaNode = obj(
  'Summary of the privacy checks run on the live objects; the report ConfigMap has the detail.',
  {
    pass: count('Checks the live objects prove.'),
    fail: count('Checks that fail.'),
    relaxed: count('Checks that would fail and a spec field relaxed on purpose.'),
    notApplicable: count('Checks that need evidence from outside the cluster.'),
    foreignHosts: count(
      'Hosts outside the instance that the host scan found in its configuration.',
    ),
    failing: list(
      'Failing checks in catalogue order, at most 20, with a short message.',
      obj(
        'One failing check.',
        {
          id: str('Check id, e.g. TP-01, or host-scan.'),
          message: str('What failed, shortened to 160 characters.'),
        },
        { required: ['id', 'message'] },
      ),
      { listType: 'atomic', maxItems: 20 },
    ),
    more: count('Failing checks left out of failing.'),
    relaxedChecks: list(
      'Relaxed checks with the spec field that relaxed them.',
      obj(
        'One relaxed check.',
        {
          id: str('Check id.'),
          field: str('Spec field that relaxed it.'),
          setBy: str('Field manager that set the field, when known.'),
        },
        { required: ['id', 'field'] },
      ),
      { listType: 'atomic' },
    ),
    reportConfigMap: str('ConfigMap that holds the generated documents (report.md, report.html).'),
    evidenceHash: str('Hash of the evidence the checks read; it changes when the evidence does.'),
  },
);

/** Schema of `status`, written by the operator only. */
export const STATUS_SCHEMA: SchemaNode = obj(
  'State observed by the operator. Read-only for users.',
  {
    observedGeneration: {
      type: 'integer',
      format: 'int64',
      minimum: 0,
      description: 'metadata.generation of the spec the operator last acted on.',
    },
    conditions: list('Current conditions, one per type. Ready summarises the others.', CONDITION, {
      listType: 'map',
      listMapKeys: ['type'],
      maxItems: 32,
    }),
    residency: obj('The residency policy in force.', {
      labelKey: str('Node label key read for the region.'),
      allowedRegions: list('Effective allowed label values, sorted.', str('Region label value.'), {
        listType: 'atomic',
      }),
      adequacyRegionsAllowed: bool('Whether regions in adequacy countries are allowed.'),
      regionsInUse: str('Regions the pods run in now, comma-separated and sorted.'),
    }),
    placements: list('Node and region of every pod of the instance.', PLACEMENT, {
      listType: 'map',
      listMapKeys: ['name'],
    }),
    configHash: str('Hash of the rendered configuration last applied.'),
    appliedHistory: list(
      'The last configurations the operator applied, oldest first, at most 10. Events expire ' +
        '(after an hour by default), so this list and the report ConfigMap keep the audit trail.',
      APPLIED_ENTRY,
      { listType: 'atomic', maxItems: 10 },
    ),
    compliance: COMPLIANCE,
  },
);
