# The hydrascope CLI and API as a container image (used by docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# build:app compiles src/ only (tsconfig.app.json): no benchmarks or test tools in the image.
RUN npm run build:app && npm prune --omit=dev
USER node
ENTRYPOINT ["node", "bin/hydrascope.js"]
CMD ["serve"]
