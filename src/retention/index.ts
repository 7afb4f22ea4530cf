/**
 * Retention: the program that prunes expired data on a volume (`gdpr-jitsi retention`), and the
 * plan for an instance's volumes when the instance is deleted.
 */
export { compileGlob, globMatcher } from './glob.ts';
export {
  emptyCounts,
  prune,
  RETENTION_CATEGORIES,
  type PruneCounts,
  type PruneOptions,
  type RetentionCategory,
} from './prune.ts';
export {
  DATA_DELETION_FINALIZER,
  planDataDeletion,
  pvcsToDelete,
  type ClaimRef,
  type DataDeletionPlan,
  type InstanceRef,
} from './data-deletion.ts';
