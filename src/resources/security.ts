import { IMAGE_USER, type WritablePathFact } from './image-facts.ts';

/**
 * Returns the pod security context: the `restricted` Pod Security Standard and the images' `s6`
 * user. `fsGroup` makes persistent volumes group-writable for that user. `OnRootMismatch` skips
 * the recursive ownership change when the volume root already matches, so a restart does not
 * walk Prosody's whole data directory.
 */
export function podSecurityContext(): Record<string, unknown> {
  return {
    runAsNonRoot: true,
    runAsUser: IMAGE_USER.uid,
    runAsGroup: IMAGE_USER.gid,
    fsGroup: IMAGE_USER.gid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * Container security context for every container, init containers included. Besides the
 * `restricted` requirements it sets a read-only root file system; the images write only to the
 * emptyDirs from `writableVolumes`. `allowPrivilegeEscalation: false` is also what lets s6-overlay
 * start unprivileged (see image-facts.ts).
 */
export function containerSecurityContext(): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: IMAGE_USER.uid,
    runAsGroup: IMAGE_USER.gid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** emptyDir volumes for the paths an image writes to. */
export function writableVolumes(paths: WritablePathFact[]): Record<string, unknown>[] {
  return paths.map((p) => ({
    name: p.volume,
    emptyDir: { medium: p.memory ? 'Memory' : undefined, sizeLimit: p.sizeLimit },
  }));
}

/** Mounts of the emptyDir volumes from `writableVolumes`. */
export function writableMounts(paths: WritablePathFact[]): Record<string, unknown>[] {
  return paths.map((p) => ({ name: p.volume, mountPath: p.mountPath }));
}
