// A small deterministic force layout (Fruchterman-Reingold) for one campaign's graph: a few
// hundred nodes settle in milliseconds, so the page needs no layout worker or extra package.
// Seeded start positions put each node kind on its own ring, so reloads draw the same picture.
import type Graph from 'graphology';

const RING_OF_KIND: Record<string, number> = { account: 1, payment: 0.45, ip: 1.6, prompt: 0.2 };

function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export function layoutGraph(graph: Graph, iterations = 150): void {
  const random = seededRandom(graph.order * 7919 + graph.size);
  const keys = graph.nodes();
  const index = new Map(keys.map((key, position) => [key, position]));
  const x = new Float64Array(keys.length);
  const y = new Float64Array(keys.length);
  keys.forEach((key, position) => {
    const ring = RING_OF_KIND[String(graph.getNodeAttribute(key, 'kind'))] ?? 1;
    const angle = random() * Math.PI * 2;
    x[position] = Math.cos(angle) * ring * (0.8 + random() * 0.4);
    y[position] = Math.sin(angle) * ring * (0.8 + random() * 0.4);
  });
  const edges = graph.edges().map((edge) => [index.get(graph.source(edge)) ?? 0, index.get(graph.target(edge)) ?? 0] as const);
  const area = 4;
  const k = Math.sqrt(area / Math.max(1, keys.length));
  const dx = new Float64Array(keys.length);
  const dy = new Float64Array(keys.length);
  let temperature = 0.2;
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    dx.fill(0);
    dy.fill(0);
    for (let first = 0; first < keys.length; first += 1) {
      for (let second = first + 1; second < keys.length; second += 1) {
        const deltaX = (x[first] as number) - (x[second] as number);
        const deltaY = (y[first] as number) - (y[second] as number);
        const distanceSquared = Math.max(1e-6, deltaX * deltaX + deltaY * deltaY);
        const force = (k * k) / distanceSquared;
        dx[first] = (dx[first] as number) + deltaX * force;
        dy[first] = (dy[first] as number) + deltaY * force;
        dx[second] = (dx[second] as number) - deltaX * force;
        dy[second] = (dy[second] as number) - deltaY * force;
      }
    }
    for (const [source, target] of edges) {
      const deltaX = (x[source] as number) - (x[target] as number);
      const deltaY = (y[source] as number) - (y[target] as number);
      const distance = Math.max(1e-6, Math.sqrt(deltaX * deltaX + deltaY * deltaY));
      const force = distance / k;
      dx[source] = (dx[source] as number) - deltaX * force;
      dy[source] = (dy[source] as number) - deltaY * force;
      dx[target] = (dx[target] as number) + deltaX * force;
      dy[target] = (dy[target] as number) + deltaY * force;
    }
    for (let position = 0; position < keys.length; position += 1) {
      const length = Math.sqrt((dx[position] as number) ** 2 + (dy[position] as number) ** 2);
      if (length > 0) {
        const step = Math.min(length, temperature) / length;
        x[position] = (x[position] as number) + (dx[position] as number) * step;
        y[position] = (y[position] as number) + (dy[position] as number) * step;
      }
      // Gravity keeps disconnected pieces on screen.
      x[position] = (x[position] as number) * 0.995;
      y[position] = (y[position] as number) * 0.995;
    }
    temperature = Math.max(0.002, temperature * 0.97);
  }
  keys.forEach((key, position) => graph.mergeNodeAttributes(key, { x: x[position], y: y[position] }));
}
