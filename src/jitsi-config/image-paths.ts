/**
 * Where the docker-jitsi-meet images (`ghcr.io/jitsi/*`, `stable-11146` and later) read custom
 * configuration. Each start-up script copies `/config` to `/run/<component>/config` and renders
 * its templates there, so a file mounted under `/config` is picked up on every start. The
 * documentation page `docs/jitsi-config.md` lists each fact with the file it was read from.
 *
 * Sources (repository jitsi/docker-jitsi-meet unless noted):
 * - `web/rootfs/etc/s6-overlay/scripts/config`: `cp -r /config/. /run/web/config`, then appends
 *   `custom-config.js` to the rendered `config.js`, `custom-interface_config.js` to
 *   `interface_config.js`, and `nginx/custom-meet.conf` to `nginx/meet.conf`.
 * - `web/rootfs/defaults/default`: `meet.conf` is included inside the `server` block, so the
 *   appended nginx lines are in server context.
 * - `prosody/rootfs/etc/s6-overlay/scripts/config` and `prosody/rootfs/defaults/prosody.cfg.lua`:
 *   `/config` is copied to `/run/prosody/config`, and the main file ends with
 *   `Include "conf.d/*.cfg.lua"`.
 * - `jvb/rootfs/etc/s6-overlay/scripts/config` and `jicofo/rootfs/etc/s6-overlay/scripts/config`:
 *   `/config` is copied to `/run/<component>/config`; `logging.properties` is rendered from
 *   `/defaults/logging.properties` on every start, with the level fixed at INFO.
 * - Pull request 1960 ("custom hocon support via include"): the rendered `jvb.conf` and
 *   `jicofo.conf` end with `include "custom-jvb.conf"` and `include "custom-jicofo.conf"`.
 * - `jvb/.../scripts/jvb` and `jicofo/.../scripts/jicofo`: Java starts with
 *   `-Dconfig.file=/run/<component>/config/<component>.conf` and
 *   `-Djava.util.logging.config.file=/run/<component>/config/logging.properties`.
 *
 * NOTE: these facts were read from the repository, not from a started image. The tests check
 * each file with the program that reads it, outside the image.
 */
export const IMAGE_PATHS = {
  webCustomConfig: '/config/custom-config.js',
  webCustomInterfaceConfig: '/config/custom-interface_config.js',
  webCustomMeetConf: '/config/nginx/custom-meet.conf',
  prosodyConfD: '/config/conf.d',
  jicofoCustomConf: '/config/custom-jicofo.conf',
  jvbCustomConf: '/config/custom-jvb.conf',
  /** Template of `logging.properties`; a plain file renders to itself. */
  loggingTemplate: '/defaults/logging.properties',
} as const;

/** Ports the images serve, as the pod templates declare them. */
export const IMAGE_PORTS = {
  webHttp: 8000,
  prosodyHttp: 5280,
  jicofoRest: 8888,
  jvbPrivateHttp: 8080,
} as const;
