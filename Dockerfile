# syntax=docker/dockerfile:1
# Image of gdpr-jitsi-operator: the compiled `gdpr-jitsi` command on Node.js 24 LTS. The
# Deployment runs `gdpr-jitsi run`, and the retention CronJobs run `gdpr-jitsi retention`.
#
#   docker build --build-arg VERSION=0.1.0 -t ghcr.io/gdpr-jitsi/operator:0.1.0 .
#
# test/unit/image/layout.test.ts replays these steps without Docker, so every RUN command uses
# paths relative to its WORKDIR, and the final stage has no RUN.

# The same Node.js release as the `node` devDependency the tests run on; a test compares them.
ARG NODE_IMAGE=node:24.9.0-bookworm-slim

# Compiles src/ to JavaScript in dist/ (dist/src/**, plus dist/package.json for the version).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the only install script belongs to the `node` devDependency, which would
# download a Node.js binary that the base image already has.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src/ src/
RUN node_modules/.bin/tsc -p tsconfig.build.json

# Production dependencies from the lockfile, the compiled code, and bin/gdpr-jitsi on PATH.
FROM ${NODE_IMAGE} AS app
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /src/dist/ dist/
RUN chmod 0755 dist/src/cli/main.js && mkdir bin && ln -s ../dist/src/cli/main.js bin/gdpr-jitsi

FROM ${NODE_IMAGE}
ARG NODE_IMAGE
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="gdpr-jitsi-operator" \
      org.opencontainers.image.description="Kubernetes operator that runs self-hosted Jitsi Meet on EU/EEA nodes" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="${NODE_IMAGE}"
ENV NODE_ENV=production \
    PATH=/app/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /app
COPY --from=app /app/ ./
# A numeric user, so runAsNonRoot can verify it without reading /etc/passwd.
USER 65532:65532
ENTRYPOINT ["/app/bin/gdpr-jitsi"]
CMD ["--help"]
