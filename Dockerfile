# syntax=docker/dockerfile:1
#
# Production image for the campaign orchestrator: one image, three entry points.
#   api (default):  node dist/api/main.js        (listens on API_PORT, 3000)
#   worker:         node dist/worker/main.js     (uses the pre-built dist/workflow-bundle.js)
#   migrate:        node dist/scripts/migrate.js (applies db/migrations, then exits)
# See docker-compose.yml for how they are wired to PostgreSQL and Temporal.

FROM node:20-bookworm-slim AS base
WORKDIR /app
# The production image talks to a real Temporal server, so the postinstall
# script must not fetch the Temporal CLI / test server binaries (dev only).
ENV TEMPORAL_SKIP_BINARY_INSTALL=1 \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# ---- build: all dependencies, compile TypeScript, bundle the workflows, build the dashboard ----
FROM base AS build
COPY package.json package-lock.json .npmrc ./
# `npm ci` runs the postinstall scripts, so they have to be in place first;
# build-web.js skips quietly here (no web/ yet) and runs below once it is copied.
COPY scripts/install-temporal-binaries.js scripts/build-web.js ./scripts/
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
# The dashboard (web/ → web/dist, served by the API at /app/) is built from
# sources here, with its OpenAPI-typed client, never taken from the host.
RUN npm run build \
 && npm run bundle:workflows \
 && npm run web:build \
 && test -f web/dist/index.html \
 && test -f dist/api/main.js \
 && test -f dist/worker/main.js \
 && test -f dist/scripts/migrate.js \
 && test -f dist/workflow-bundle.js

# ---- prod-deps: production dependencies only ----
FROM base AS prod-deps
COPY package.json package-lock.json .npmrc ./
COPY scripts/install-temporal-binaries.js scripts/build-web.js ./scripts/
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

# ---- runtime ----
FROM base AS runtime
ENV NODE_ENV=production \
    API_HOST=0.0.0.0 \
    API_PORT=3000
# The PDF summary report (系統總結) draws its Chinese in Noto Sans CJK (REPORT_CJK_FONT's default file).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/* \
 && test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The compiled migrator (dist/adapters/storage/migrate.js) resolves its SQL
# files from its own location: ../../db/migrations, i.e. dist/db/migrations.
COPY --from=build /app/db/migrations ./dist/db/migrations
# The dashboard: api/dashboard.ts, compiled to dist/api/, serves ../../web/dist.
COPY --from=build /app/web/dist ./web/dist
# Files stay owned by root: the app can read its code but not change it.
# 1000 is the image's `node` user; numeric so that runAsNonRoot checks can see it.
USER 1000:1000
EXPOSE 3000
# node runs directly (no npm, no shell) so that it receives SIGTERM and the
# worker and API can drain; run the container with an init (compose sets
# `init: true`, `docker run --init`) to have signals forwarded and zombies reaped.
CMD ["node", "dist/api/main.js"]
