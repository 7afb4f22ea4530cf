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
  },
);
