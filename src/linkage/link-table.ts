// The links scoring reads, without a graph library's objects: what the gds engine hands over
// (the links inside scorable communities and every prompt link) held in compressed rows, about
// 26 bytes a link where a graphology graph spends some 400. Scoring only walks an account's
// links and all links (LinkView); both this table and a graphology graph offer that.
import { GrowableArray } from '../shared/growable-array.js';
import type { LinkAttributes } from './project-linkage-graph.js';

export type LinkCallback = (edge: string, attributes: LinkAttributes, source: string, target: string) => void;

/** What scoring asks of the linkage graph (a graphology UndirectedGraph answers it too). */
export interface LinkView {
  hasNode(node: string): boolean;
  forEachEdge(callback: LinkCallback): void;
  forEachEdge(node: string, callback: LinkCallback): void;
}

export class LinkTableBuilder {
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly sources = new GrowableArray((length) => new Int32Array(length));
  private readonly targets = new GrowableArray((length) => new Int32Array(length));
  private readonly weights = new GrowableArray((length) => new Float64Array(length));
  private readonly kinds = new GrowableArray((length) => new Uint8Array(length));

  addNode(id: string): number {
    let at = this.index.get(id);
    if (at === undefined) {
      at = this.ids.length;
      this.index.set(id, at);
      this.ids.push(id);
    }
    return at;
  }

  /** One undirected link; the same pair twice would be walked twice, so callers give each once. */
  addLink(source: string, target: string, attributes: LinkAttributes): void {
    this.sources.push(this.addNode(source));
    this.targets.push(this.addNode(target));
    this.weights.push(attributes.weight);
    this.kinds.push(attributes.kinds);
  }

  build(): LinkTable {
    const nodes = this.ids.length;
    const sources = this.sources.trimmed();
    const targets = this.targets.trimmed();
    this.sources.release();
    this.targets.release();
    const links = sources.length;
    const start = new Int32Array(nodes + 1);
    for (let link = 0; link < links; link += 1) {
      const source = sources[link] as number;
      const target = targets[link] as number;
      start[source + 1] = (start[source + 1] as number) + 1;
      start[target + 1] = (start[target + 1] as number) + 1;
    }
    for (let node = 0; node < nodes; node += 1) start[node + 1] = (start[node + 1] as number) + (start[node] as number);
    const cursor = start.slice(0, nodes);
    // Each link appears in both ends' rows, pointing at its place in the link arrays.
    const incident = new Int32Array(2 * links);
    const place = (node: number, link: number) => {
      const at = cursor[node] as number;
      incident[at] = link;
      cursor[node] = at + 1;
    };
    for (let link = 0; link < links; link += 1) {
      place(sources[link] as number, link);
      place(targets[link] as number, link);
    }
    const weights = this.weights.trimmed();
    const kinds = this.kinds.trimmed();
    this.weights.release();
    this.kinds.release();
    return new LinkTable(this.ids, this.index, start, incident, sources, targets, weights, kinds);
  }
}

export class LinkTable implements LinkView {
  constructor(
    private readonly ids: readonly string[],
    private readonly index: ReadonlyMap<string, number>,
    private readonly start: Int32Array,
    private readonly incident: Int32Array,
    private readonly sources: Int32Array,
    private readonly targets: Int32Array,
    private readonly weights: Float64Array,
    private readonly kinds: Uint8Array,
  ) {}

  /** Accounts in the table (every member of a scored community, linked or not). */
  get order(): number {
    return this.ids.length;
  }

  /** Links. */
  get size(): number {
    return this.sources.length;
  }

  hasNode(node: string): boolean {
    return this.index.has(node);
  }

  forEachEdge(callback: LinkCallback): void;
  forEachEdge(node: string, callback: LinkCallback): void;
  forEachEdge(nodeOrCallback: string | LinkCallback, maybeCallback?: LinkCallback): void {
    if (typeof nodeOrCallback === 'function') {
      for (let link = 0; link < this.sources.length; link += 1) this.visit(link, nodeOrCallback);
      return;
    }
    const node = this.index.get(nodeOrCallback);
    if (node === undefined || !maybeCallback) return;
    for (let at = this.start[node] as number; at < (this.start[node + 1] as number); at += 1) this.visit(this.incident[at] as number, maybeCallback);
  }

  private visit(link: number, callback: LinkCallback): void {
    const source = this.ids[this.sources[link] as number] as string;
    const target = this.ids[this.targets[link] as number] as string;
    callback('', { weight: this.weights[link] as number, kinds: this.kinds[link] as number }, source, target);
  }
}
