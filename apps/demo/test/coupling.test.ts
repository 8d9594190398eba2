import { detection } from '@drift/storage-traits/testing';
import { describe, expect, it } from 'vitest';
import {
  classifyZone,
  couplingMetrics,
  importCycles,
  stronglyConnectedComponents,
} from '../src/analyzer/coupling.js';
import { confidenceTier, patternConfidence } from '../src/analyzer/index.js';
import { moduleOf, resolveRelativeImport } from '../src/analyzer/resolve.js';

const graphOf = (edges: Record<string, string[]>) => {
  const modules = new Set(Object.entries(edges).flatMap(([from, to]) => [from, ...to]));
  return {
    modules,
    edges: new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)])),
    abstractCounts: new Map<string, number>(),
    totalCounts: new Map<string, number>(),
  };
};

describe('zones (the reference rules)', () => {
  it.each([
    [0.5, 0.5, 'main_sequence'], // on the main sequence
    [1, 0, 'main_sequence'],
    [0, 0, 'zone_of_pain'], // stable and concrete
    [0.2, 0.1, 'zone_of_pain'],
    [0, 0.2, 'main_sequence'], // a type-only leaf is not painful
    [0.9, 0.9, 'zone_of_uselessness'],
    [0.5, 0.1, 'main_sequence'], // distance 0.4 but on the 0.5 edge: no zone applies
  ])('I=%s A=%s is %s', (instability, abstractness, zone) => {
    expect(classifyZone(instability, abstractness)).toBe(zone);
  });
});

describe('Martin metrics', () => {
  it('counts distinct efferent and afferent modules, instability, abstractness and distance', () => {
    const graph = graphOf({ app: ['core', 'util'], core: ['util'], cli: ['core'] });
    graph.abstractCounts.set('core', 3);
    graph.totalCounts.set('core', 4);
    graph.totalCounts.set('util', 2);
    expect(couplingMetrics(graph)).toEqual([
      { module: 'app', ce: 2, ca: 0, instability: 1, abstractness: 0, distance: 0, zone: 'main_sequence' },
      { module: 'cli', ce: 1, ca: 0, instability: 1, abstractness: 0, distance: 0, zone: 'main_sequence' },
      {
        module: 'core',
        ce: 1,
        ca: 2,
        instability: 1 / 3,
        abstractness: 0.75,
        distance: Math.abs(0.75 + 1 / 3 - 1),
        zone: 'main_sequence',
      },
      { module: 'util', ce: 0, ca: 2, instability: 0, abstractness: 0, distance: 1, zone: 'zone_of_pain' },
    ]);
  });
});

describe('import cycles (Tarjan)', () => {
  it('finds every strongly connected component with more than one member, and nothing else', () => {
    const edges = graphOf({
      a: ['b'],
      b: ['c'],
      c: ['a', 'd'],
      d: ['e'],
      e: ['d'],
      f: ['a'],
      g: [],
    }).edges;
    expect(stronglyConnectedComponents(['g', 'f', 'e', 'd', 'c', 'b', 'a'], edges)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('handles a long chain without recursion limits', () => {
    const edges: Record<string, string[]> = {};
    const size = 20_000;
    for (let i = 0; i < size; i += 1) edges[`m${i}`] = [`m${(i + 1) % size}`];
    const components = stronglyConnectedComponents(Object.keys(edges), graphOf(edges).edges);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(size);
  });

  it('suggests the edges to break, easiest first, scored by in-cycle importers', () => {
    // b is imported by a and c inside the cycle: removing either import is cheaper (0.5) than the others.
    const cycles = importCycles(graphOf({ a: ['b'], b: ['c'], c: ['a', 'b'] }));
    expect(cycles).toEqual([
      {
        members: ['a', 'b', 'c'],
        breakSuggestions: [
          { from: 'a', to: 'b', impact_score: 0.5 },
          { from: 'c', to: 'b', impact_score: 0.5 },
          { from: 'b', to: 'c', impact_score: 1 },
          { from: 'c', to: 'a', impact_score: 1 },
        ],
      },
    ]);
  });
});

describe('import resolution', () => {
  const known = new Set(['src/a.ts', 'src/b.tsx', 'src/lib/index.ts', 'src/c.js', 'index.mjs', 'src/d.mts']);
  it.each([
    ['src/a.ts', './b.js', 'src/b.tsx'],
    ['src/a.ts', './b', 'src/b.tsx'],
    ['src/a.ts', './lib', 'src/lib/index.ts'],
    ['src/a.ts', './lib/index.js', 'src/lib/index.ts'],
    ['src/a.ts', './c.js', 'src/c.js'],
    ['src/a.ts', './d.mjs', 'src/d.mts'],
    ['src/lib/index.ts', '../a.js', 'src/a.ts'],
    ['src/a.ts', '..', 'index.mjs'],
    ['src/a.ts', './missing.js', null],
    ['src/a.ts', '../../outside.js', null],
    ['src/a.ts', 'typescript', null],
    ['src/a.ts', 'node:fs', null],
  ])('%s imports %s -> %s', (from, specifier, expected) => {
    expect(resolveRelativeImport(from, specifier, known)).toBe(expected);
  });

  it('names a module by its folder', () => {
    expect(moduleOf('src/lib/index.ts')).toBe('src/lib');
    expect(moduleOf('main.ts')).toBe('.');
  });
});

describe('pattern confidence', () => {
  it('uses the reference tiers', () => {
    expect([0.9, 0.85, 0.7, 0.5, 0.49].map(confidenceTier)).toEqual([
      'Established',
      'Established',
      'Emerging',
      'Tentative',
      'Uncertain',
    ]);
  });

  it('adds each detection to a Beta(1, 1) prior, weighted by its confidence', () => {
    const detectionOf = (patternId: string, confidence: number) =>
      detection({ file: 'f.ts', columnNum: 1, patternId, category: 'c', confidence });
    const scores = patternConfidence([
      ...Array.from({ length: 18 }, () => detectionOf('p', 1)),
      detectionOf('q', 0.5),
    ]);
    expect(scores.map((s) => [s.patternId, s.alpha, s.beta, s.posteriorMean, s.tier])).toEqual([
      ['p', 19, 1, 0.95, 'Established'],
      ['q', 1.5, 1.5, 0.5, 'Tentative'],
    ]);
    const p = scores[0]!;
    expect(p.credibleIntervalLow).toBeLessThan(0.95);
    expect(p.credibleIntervalHigh).toBe(1);
  });
});
