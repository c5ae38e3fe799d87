// Writes the linkage graph Louvain ran on, so anyone can check it with other tools: GEXF through
// graphology-gexf, and GraphML and a weighted edge list streamed line by line (graphology has no
// GraphML writer, and a streamed file keeps memory flat for large graphs).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import gexfModule from 'graphology-gexf';
import type { UndirectedGraph } from 'graphology';
import { KIND_BITS, type LinkAttributes } from './project-linkage-graph.js';

export type GraphFileFormat = 'graphml' | 'gexf' | 'edgelist';

const gexf = ((gexfModule as unknown as { default?: unknown }).default ?? gexfModule) as typeof import('graphology-gexf');

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function kindNames(kinds: number): string {
  return (Object.entries(KIND_BITS) as Array<[string, number]>)
    .filter(([, bit]) => (kinds & bit) !== 0)
    .map(([name]) => name)
    .join('+');
}

export async function writeLinkageGraph(graph: UndirectedGraph<Record<string, never>, LinkAttributes>, format: GraphFileFormat, path: string): Promise<{ nodes: number; edges: number }> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  if (format === 'gexf') {
    await write(gexf.write(graph as never, { formatEdge: (_key: string, attributes: LinkAttributes) => ({ weight: attributes.weight, attributes: { kinds: kindNames(attributes.kinds) } }) } as never));
  } else if (format === 'edgelist') {
    await write('# source\ttarget\tweight\tkinds\n');
    for (const { source, target, attributes } of graph.edgeEntries()) await write(`${source}\t${target}\t${attributes.weight.toFixed(6)}\t${kindNames(attributes.kinds)}\n`);
  } else {
    await write('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n');
    await write(
      '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>\n  <key id="kinds" for="edge" attr.name="kinds" attr.type="string"/>\n  <graph id="linkage" edgedefault="undirected">\n',
    );
    for (const node of graph.nodes()) await write(`    <node id="${xmlEscape(node)}"/>\n`);
    for (const { source, target, attributes } of graph.edgeEntries()) {
      await write(
        `    <edge source="${xmlEscape(source)}" target="${xmlEscape(target)}"><data key="weight">${attributes.weight}</data><data key="kinds">${kindNames(attributes.kinds)}</data></edge>\n`,
      );
    }
    await write('  </graph>\n</graphml>\n');
  }
  out.end();
  await once(out, 'finish');
  return { nodes: graph.order, edges: graph.size };
}
