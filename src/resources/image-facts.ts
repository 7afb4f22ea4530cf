import type { Component } from '../api/types.ts';

/**
 * Facts about the pinned upstream images (`ghcr.io/jitsi/*`, `stable-11146` and later) that the
 * pod templates depend on: the user they run as, the ports they serve, the health endpoints and
 * the paths they write to. Each fact names where it was read, so a new image tag can be checked
 * against the same files.
 *
 * Sources (repository and path):
 * - [helm-security] jitsi-contrib/jitsi-helm `docs/guides/security.md`. Since `stable-11146`
 *   all components run as the image's `s6` user, uid and gid 1000, with a read-only root file
 *   system. `allowPrivilegeEscalation: false` is required, because it makes the kernel ignore the
 *   setgid bit of `s6-overlay-suexec`. A PVC becomes writable through `fsGroup: 1000`. Prosody's
 *   data directory must be owned by the container user, which the chart does with a root
 *   `chown-data` init container.
 * - [helm-upgrading] jitsi-contrib/jitsi-helm `docs/guides/upgrading.md`. Web listens on 8000
 *   (was 80). Prosody data moved from `/config/data` to `/var/lib/prosody`. The minimum tag for a
 *   read-only root file system is `stable-11146-1`.
 * - [djm-healthcheck] jitsi/docker-jitsi-meet `prosody/rootfs/usr/local/bin/healthcheck.sh`
 *   (`curl http://127.0.0.1:5280/health`), `jicofo/rootfs/usr/local/bin/healthcheck.sh`
 *   (`127.0.0.1:8888/about/health`) and `jvb/rootfs/usr/local/bin/healthcheck.sh`
 *   (`127.0.0.1:8080/about/health`).
 * - [djm-check-writable] jitsi/docker-jitsi-meet `base/rootfs/usr/bin/check-writable`: the
 *   containers run as uid 1000 and stop at start-up when a directory they write to is not
 *   writable by that uid.
 * - [hardened-compose] jitsi-contrib/hardened-images `docker-compose.yml`, for the rootless
 *   images that upstream adopted. Every service runs `read_only: true` with tmpfs on `/run` and
 *   `/tmp`. `/run` is mounted exec, because s6-overlay v3 runs its scripts from there. `/config`
 *   is mounted read-only, because the start-up scripts copy it to `/run/<component>/config`. Web
 *   also writes `/var/spool/cron/crontabs` and `/usr/share/jitsi-meet/load-test`, and Prosody
 *   writes `/var/lib/prosody`. The repository's `base/Dockerfile` sets `S6_READ_ONLY_ROOT=1`.
 * - [jvb-template] jitsi/docker-jitsi-meet `jvb/rootfs/defaults/jvb.conf`: the private HTTP
 *   server (health, stats) binds 0.0.0.0:8080, unlike the JVB reference config (127.0.0.1).
 * - [jicofo-rest] the Jicofo image binds its REST server (8888) to 127.0.0.1 unless
 *   `JICOFO_ENABLE_REST` is true, so the kubelet can reach the health endpoint only with it.
 * - [java-heap] jitsi/jicofo `resources/jicofo.sh` and jitsi/jitsi-videobridge
 *   `jvb/resources/jvb.sh` start Java with `-Xmx$JICOFO_MAX_MEMORY` and
 *   `-Xmx$VIDEOBRIDGE_MAX_MEMORY`, both `3072m` when unset, so the heap does not follow the
 *   container limit. jitsi-contrib/jitsi-helm `docs/guides/upgrading.md` sizes memory limits at
 *   about the heap plus 1 GiB. Both scripts also write a heap dump to `/tmp` on
 *   OutOfMemoryError.
 *
 * NOTE: these facts come from reading the sources above; no image was started while writing
 * them. The server-side dry run checks the manifests, not the images.
 */

/** User and group of the `s6` account in every Jitsi image [helm-security]. */
export const IMAGE_USER = { uid: 1000, gid: 1000 } as const;

/**
 * Environment variable that makes s6-overlay v3 keep its runtime state under `/run`, because the
 * root file system is read-only [hardened-compose].
 */
export const S6_ENV = { S6_READ_ONLY_ROOT: '1' } as const;

export interface PortFact {
  name: string;
  containerPort: number;
  protocol: 'TCP' | 'UDP';
}

export interface HealthFact {
  /** HTTP path that returns 2xx while the component works. */
  path: string;
  /** Name of the container port serving `path`. */
  port: string;
  /** Java components take tens of seconds to start and get a startup probe. */
  slowStart: boolean;
  /** Environment the image needs before `path` is reachable from outside the pod. */
  requiresEnv?: { name: string; truthy: true };
  /**
   * Liveness checks only that the port accepts connections, because `path` also fails when
   * another component is down and restarting this one would not help.
   */
  livenessTcpOnly?: boolean;
}

export interface WritablePathFact {
  /** Volume name, unique within the pod. */
  volume: string;
  mountPath: string;
  /** Memory-backed (tmpfs) like in the compose files, so it counts towards the memory limit. */
  memory: boolean;
  sizeLimit: string;
}

export interface ImageFact {
  /** TCP ports. JVB's UDP media port comes from `spec.jvb.udpPort`. */
  ports: PortFact[];
  health: HealthFact;
  /** Environment variable that sets the Java heap, for Java components [java-heap]. */
  heapEnv?: string;
  /** Directories the image writes to. Each gets an emptyDir under the read-only root. */
  writablePaths: WritablePathFact[];
}

/**
 * Writable paths every image needs [hardened-compose]. The compose files give `/run` and `/tmp`
 * 16 MB of tmpfs each. `/run` gets more here, because the web image keeps nginx's temporary
 * files under `/run/web/tmp`.
 */
// The size limit on `/tmp` also caps the heap dump that Jicofo and the JVB write there on
// OutOfMemoryError [java-heap]. A dump above it gets the pod evicted, and the dump, which contains
// meeting data, is deleted with the emptyDir.
const COMMON_WRITABLE: WritablePathFact[] = [
  { volume: 'config', mountPath: '/config', memory: false, sizeLimit: '16Mi' },
  { volume: 'run', mountPath: '/run', memory: true, sizeLimit: '64Mi' },
  { volume: 'tmp', mountPath: '/tmp', memory: false, sizeLimit: '256Mi' },
];

export const IMAGE_FACTS: Record<Component, ImageFact> = {
  web: {
    // [helm-upgrading]: 8000 since stable-11146. 8443 (HTTPS) is not declared, because TLS ends
    // at the ingress.
    ports: [{ name: 'http', containerPort: 8000, protocol: 'TCP' }],
    health: { path: '/', port: 'http', slowStart: false },
    writablePaths: [
      ...COMMON_WRITABLE,
      {
        volume: 'crontabs',
        mountPath: '/var/spool/cron/crontabs',
        memory: false,
        sizeLimit: '1Mi',
      },
      {
        volume: 'load-test',
        mountPath: '/usr/share/jitsi-meet/load-test',
        memory: false,
        sizeLimit: '16Mi',
      },
    ],
  },
  prosody: {
    // 5222 client connections, 5280 HTTP (BOSH, XMPP websocket, /health), 5347 components.
    // 5269 (server to server) is not declared, because no server outside the instance connects.
    ports: [
      { name: 'xmpp-c2s', containerPort: 5222, protocol: 'TCP' },
      { name: 'http', containerPort: 5280, protocol: 'TCP' },
      { name: 'xmpp-component', containerPort: 5347, protocol: 'TCP' },
    ],
    health: { path: '/health', port: 'http', slowStart: false },
    // `/var/lib/prosody` is the persistent volume, mounted by the Prosody builder.
    writablePaths: COMMON_WRITABLE,
  },
  jicofo: {
    ports: [{ name: 'http', containerPort: 8888, protocol: 'TCP' }],
    health: {
      path: '/about/health',
      port: 'http',
      slowStart: true,
      requiresEnv: { name: 'JICOFO_ENABLE_REST', truthy: true },
      // With its internal health checks on, Jicofo reports unhealthy while no videobridge is
      // available. Restarting Jicofo then only drops its conferences.
      livenessTcpOnly: true,
    },
    heapEnv: 'JICOFO_MAX_MEMORY',
    writablePaths: COMMON_WRITABLE,
  },
  jvb: {
    // [jvb-template]: the private HTTP server listens on all interfaces in the image.
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    health: { path: '/about/health', port: 'http', slowStart: true },
    heapEnv: 'VIDEOBRIDGE_MAX_MEMORY',
    writablePaths: COMMON_WRITABLE,
  },
};

/** Mount path of Prosody's persistent data since `stable-11146` [helm-upgrading]. */
export const PROSODY_DATA_PATH = '/var/lib/prosody';

/** Size of Prosody's data volume: accounts, rosters and generated certificates only. */
export const PROSODY_DATA_SIZE = '1Gi';

/** Name of JVB's UDP media port in the container and on the Service. */
export const JVB_MEDIA_PORT_NAME = 'media';
