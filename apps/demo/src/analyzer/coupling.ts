// Robert C. Martin's package metrics over the module import graph, the reference's zone rules, and
// import cycles as strongly connected components (Tarjan).
import type { CouplingCycleInsertRow, CouplingMetricInsertRow } from '@drift/storage-traits';

/** Distance from the main sequence within which a module counts as balanced (the reference's 0.3). */
const MAIN_SEQUENCE_THRESHOLD = 0.3;

/** The module graph: each module's dependencies and its abstract and total exported declarations. */
export interface ModuleGraph {
  /** Every module, including those that only appear as import targets. */
  readonly modules: ReadonlySet<string>;
  /** Module -> modules it imports from (never itself). */
  readonly edges: ReadonlyMap<string, ReadonlySet<string>>;
  /** Module -> exported interfaces, type aliases and abstract classes. */
  readonly abstractCounts: ReadonlyMap<string, number>;
  /** Module -> exported declarations of any kind. */
  readonly totalCounts: ReadonlyMap<string, number>;
}

/** One break suggestion as the reference serializes it: remove the import `from` -> `to`. */
interface CycleBreakSuggestion {
  readonly from: string;
  readonly to: string;
  /** 1 when `to` has no other importer inside the cycle, else 1 / its importers there (lower: easier). */
  readonly impact_score: number;
}

/** An import cycle: its members and where it could be broken. */
export interface ImportCycle {
  readonly members: readonly string[];
  readonly breakSuggestions: readonly CycleBreakSuggestion[];
}

/**
 * The zone of a module on the (instability, abstractness) plane, by the reference's rules: within
 * {@link MAIN_SEQUENCE_THRESHOLD} of the main sequence is `main_sequence`; stable and concrete (both
 * under 0.5) is `zone_of_pain`, unless the module imports nothing and has some abstractness (a type-only
 * leaf); unstable and abstract (both over 0.5) is `zone_of_uselessness`; anything else `main_sequence`.
 */
export function classifyZone(instability: number, abstractness: number): string {
  const distance = Math.abs(abstractness + instability - 1);
  if (distance <= MAIN_SEQUENCE_THRESHOLD) return 'main_sequence';
  if (instability < 0.5 && abstractness < 0.5) {
    return instability === 0 && abstractness > 0 ? 'main_sequence' : 'zone_of_pain';
  }
  if (instability > 0.5 && abstractness > 0.5) return 'zone_of_uselessness';
  return 'main_sequence';
}

/** Ce, Ca, I, A, D and zone of every module, by module name. */
export function couplingMetrics(graph: ModuleGraph): CouplingMetricInsertRow[] {
  const ca = new Map<string, number>();
  for (const targets of graph.edges.values()) {
    for (const target of targets) ca.set(target, (ca.get(target) ?? 0) + 1);
  }
  return [...graph.modules].sort().map((module) => {
    const ce = graph.edges.get(module)?.size ?? 0;
    const afferent = ca.get(module) ?? 0;
    const instability = ce + afferent === 0 ? 0 : ce / (ce + afferent);
    const total = graph.totalCounts.get(module) ?? 0;
    const abstractness = total === 0 ? 0 : (graph.abstractCounts.get(module) ?? 0) / total;
    return {
      module,
      ce,
      ca: afferent,
      instability,
      abstractness,
      distance: Math.abs(abstractness + instability - 1),
      zone: classifyZone(instability, abstractness),
    };
  });
}

/**
 * The strongly connected components of the graph with more than one member (Tarjan's algorithm,
 * iterative so deep graphs cannot overflow the stack). Members are sorted, and cycles ordered by their
 * first member, so the result does not depend on iteration order.
 */
export function stronglyConnectedComponents(
  nodes: Iterable<string>,
  edges: ReadonlyMap<string, ReadonlySet<string>>,
): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const successors = (node: string): string[] => [...(edges.get(node) ?? [])].sort();

  for (const root of [...nodes].sort()) {
    if (index.has(root)) continue;
    const work: { node: string; next: string[]; position: number }[] = [];
    const open = (node: string): void => {
      index.set(node, counter);
      lowLink.set(node, counter);
      counter += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: successors(node), position: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.position < frame.next.length) {
        const target = frame.next[frame.position]!;
        frame.position += 1;
        if (!index.has(target)) {
          open(target);
        } else if (onStack.has(target)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
      if (lowLink.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        for (;;) {
          const member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
          if (member === frame.node) break;
        }
        if (component.length > 1) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
}

/**
 * The import cycles of the graph with break suggestions: every import edge inside the cycle, scored as
 * the reference does (1 when the target has one importer inside the cycle, else 1 / that count), easiest
 * first, ties by edge.
 */
export function importCycles(graph: ModuleGraph): ImportCycle[] {
  return stronglyConnectedComponents(graph.modules, graph.edges).map((members) => {
    const inside = new Set(members);
    const inDegree = new Map<string, number>();
    for (const from of members) {
      for (const to of graph.edges.get(from) ?? []) {
        if (inside.has(to)) inDegree.set(to, (inDegree.get(to) ?? 0) + 1);
      }
    }
    const suggestions: CycleBreakSuggestion[] = [];
    for (const from of members) {
      for (const to of [...(graph.edges.get(from) ?? [])].sort()) {
        if (!inside.has(to)) continue;
        const degree = inDegree.get(to) ?? 0;
        suggestions.push({ from, to, impact_score: degree <= 1 ? 1 : 1 / degree });
      }
    }
    suggestions.sort((a, b) => a.impact_score - b.impact_score);
    return { members, breakSuggestions: suggestions };
  });
}

/** A cycle as stored: members and break suggestions as JSON arrays. */
export function cycleRow(cycle: ImportCycle): CouplingCycleInsertRow {
  return { members: JSON.stringify(cycle.members), breakSuggestions: JSON.stringify(cycle.breakSuggestions) };
}
