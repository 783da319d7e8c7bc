# ccsim as a container: the APIs and /__admin on port 8080 over the default scenario in real time.
#   docker build -t ccsim .
#   docker run --rm -p 8080:8080 ccsim                                   # serve (default)
#   docker run --rm -p 8080:8080 -e CCSIM_CLOCK=manual -e CCSIM_SCENARIO=smoke ccsim
#   docker run --rm ccsim run --scenario smoke --json                    # batch run
# Dependencies are installed before the sources are copied, so an edit to src/ reuses the npm layers.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY schemas ./schemas
COPY src ./src
RUN npm run build

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY schemas ./schemas
COPY scenarios.yaml ./
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.CCSIM_PORT||process.env.PORT||8080)+'/__admin/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1: ccsim installs its SIGTERM and SIGINT handlers before it does anything else, so a stop
# signal ends it with exit code 0 from the first instant (PID 1 ignores signals it has no handler for).
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["serve"]
