// Compares two linkage graphs edge by edge (the graphology and gds engines' graphs of the same
// data): links only one holds, and links whose weights or kinds differ beyond a tolerance.
import type { UndirectedGraph } from 'graphology';
import type { LinkAttributes } from './project-linkage-graph.js';

type LinkageGraph = UndirectedGraph<Record<string, never>, LinkAttributes>;

export interface LinkDifference {
  source: string;
  target: string;
  left: LinkAttributes | null;
  right: LinkAttributes | null;
}

export interface LinkageComparison {
  leftEdges: number;
  rightEdges: number;
  common: number;
  onlyLeft: LinkDifference[];
  onlyRight: LinkDifference[];
  /** Links in both whose weights differ by more than the tolerance, or whose kinds differ. */
  different: LinkDifference[];
  maxWeightDifference: number;
}

export function compareLinkageGraphs(left: LinkageGraph, right: LinkageGraph, tolerance = 1e-9): LinkageComparison {
  const onlyLeft: LinkDifference[] = [];
  const onlyRight: LinkDifference[] = [];
  const different: LinkDifference[] = [];
  let common = 0;
  let maxWeightDifference = 0;
  left.forEachEdge((_edge, attributes, source, target) => {
    const match = right.hasNode(source) && right.hasNode(target) ? right.edge(source, target) : undefined;
    if (match === undefined) {
      onlyLeft.push({ source, target, left: attributes, right: null });
      return;
    }
    common += 1;
    const other = right.getEdgeAttributes(match);
    const difference = Math.abs(attributes.weight - other.weight);
    if (difference > maxWeightDifference) maxWeightDifference = difference;
    if (difference > tolerance * Math.max(1, Math.abs(attributes.weight)) || attributes.kinds !== other.kinds) different.push({ source, target, left: attributes, right: other });
  });
  right.forEachEdge((_edge, attributes, source, target) => {
    if (!(left.hasNode(source) && left.hasNode(target) && left.hasEdge(source, target))) onlyRight.push({ source, target, left: null, right: attributes });
  });
  return { leftEdges: left.size, rightEdges: right.size, common, onlyLeft, onlyRight, different, maxWeightDifference };
}
