# zbs-timeline: the CLI, the API (`serve`) and the live worker (`worker`) in one image.
# Node.js 22 LTS, an exact release: bump it with package.json's engines and .ci/run's NODE_LTS.
ARG NODE_IMAGE=node:22.23.5-bookworm-slim

# Build stage: native addons (better-sqlite3 compiles here when no prebuilt binary can be
# fetched), the TypeScript build, then only what runs: production dependencies and the
# compiled src/ without its unit tests.
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev \
 && find dist/src \( -name '*.test.js' -o -name '*.test.js.map' \) -delete

FROM ${NODE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production
# Root-owned and read-only to the runtime user; no tests, scripts or sources.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/bin ./bin
COPY --from=build /app/prisma/migrations ./prisma/migrations
# The default store (./data/zbs-timeline.duckdb) lives on a volume the runtime user owns;
# a named volume mounted here starts with this ownership.
RUN mkdir /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
# serve (4000) and the worker's --metrics-port (9464).
EXPOSE 4000 9464
# serve answers /healthz; a worker container points ZBS_HEALTH_URL at its /metrics instead.
ENV ZBS_HEALTH_URL=http://127.0.0.1:4000/healthz
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.ZBS_HEALTH_URL).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["bin/zbs-timeline"]
CMD ["--help"]
