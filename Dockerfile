# The hydrascope CLI and API as a container image (used by docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev
USER node
ENTRYPOINT ["node", "bin/hydrascope.js"]
CMD ["serve"]
