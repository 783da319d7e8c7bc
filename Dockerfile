# ccsim as a container. Until the server lands (see the roadmap in README.md) the image runs the default
# scenario in batch and prints its KPIs; `docker run ccsim run --scenario smoke --json` runs another.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY schemas ./schemas
COPY src ./src
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schemas ./schemas
COPY scenarios.yaml ./
USER node
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["run"]
