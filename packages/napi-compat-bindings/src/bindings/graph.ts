import { requireArgument } from '@drift/storage-traits';
import type {
  JsErrorHandlingResult,
  JsImpactResult,
  JsReachabilityResult,
  JsTaintResult,
  JsTestTopologyResult,
} from '../contract/graph.js';
import type { DriftNapi } from '../contract/interface.js';
import { storedArray } from './args.js';
import type { BindingContext } from './context.js';
import { isString, napiObject, storedVec } from './native.js';

/** Rows read by the list functions (the reference's `LIMIT 1000`). */
const GRAPH_LIST_LIMIT = 1000;

/**
 * The graph functions. Their `root` argument is accepted for compatibility and, as in the reference,
 * not used: results come from what analysis stored for the initialized project.
 */
export function graphBindings(
  ctx: BindingContext,
): Pick<
  DriftNapi,
  | 'driftReachability'
  | 'driftTaintAnalysis'
  | 'driftErrorHandling'
  | 'driftImpactAnalysis'
  | 'driftTestTopology'
> {
  return {
    driftReachability(functionKey: string, direction: string): JsReachabilityResult {
      const op = 'driftReachability';
      // Any key and direction are looked up (the reference checks neither); a miss is the default.
      const source = requireArgument(op, 'functionKey', 'string', functionKey);
      const dir = requireArgument(op, 'direction', 'string', direction);
      const row = ctx.storage(op).getReachability(source, dir);
      return {
        source,
        // The set is read as `Vec<String>`: anything else counts as empty.
        reachableCount: row === null ? 0 : storedVec(row.reachableSet, isString).length,
        sensitivity: row === null ? 'low' : row.sensitivity,
        maxDepth: 0,
        engine: 'petgraph',
      };
    },

    driftTaintAnalysis(root: string): JsTaintResult {
      const op = 'driftTaintAnalysis';
      requireArgument(op, 'root', 'text', root);
      const flows = ctx.storage(op).queryTaintFlows(GRAPH_LIST_LIMIT, false);
      return {
        flows: flows.map((f) =>
          napiObject<JsTaintResult['flows'][number]>(
            {
              sourceFile: f.sourceFile,
              sourceLine: f.sourceLine,
              sourceType: f.sourceType,
              sinkFile: f.sinkFile,
              sinkLine: f.sinkLine,
              sinkType: f.sinkType,
              isSanitized: f.isSanitized,
              confidence: f.confidence,
              // The path is read as `Vec<String>`: anything else counts as empty.
              pathLength: storedVec(f.path, isString).length,
            },
            { cweId: f.cweId },
          ),
        ),
        vulnerabilityCount: flows.filter((f) => !f.isSanitized).length,
        sourceCount: 0,
        sinkCount: 0,
      };
    },

    driftErrorHandling(root: string): JsErrorHandlingResult {
      const op = 'driftErrorHandling';
      requireArgument(op, 'root', 'text', root);
      const gaps = ctx.storage(op).queryErrorGaps(GRAPH_LIST_LIMIT);
      return {
        gaps: gaps.map((g) =>
          napiObject<JsErrorHandlingResult['gaps'][number]>(
            { file: g.file, functionName: g.functionId, line: 0, gapType: g.gapType, severity: g.severity },
            { cweId: g.cweId },
          ),
        ),
        handlerCount: 0,
        unhandledCount: gaps.length,
      };
    },

    driftImpactAnalysis(root: string): JsImpactResult {
      const op = 'driftImpactAnalysis';
      requireArgument(op, 'root', 'text', root);
      const scores = ctx.storage(op).queryImpactScores(GRAPH_LIST_LIMIT);
      return {
        blastRadii: scores.map((s) => ({
          functionId: s.functionId,
          callerCount: s.blastRadius,
          riskScore: s.riskScore,
          maxDepth: 0,
        })),
        deadCode: scores
          .filter((s) => s.isDeadCode)
          .map((s) =>
            napiObject<JsImpactResult['deadCode'][number]>(
              { functionId: s.functionId, reason: s.deadCodeReason ?? '' },
              { exclusion: s.exclusionCategory },
            ),
          ),
      };
    },

    driftTestTopology(root: string): JsTestTopologyResult {
      const op = 'driftTestTopology';
      requireArgument(op, 'root', 'text', root);
      const storage = ctx.storage(op);
      const rows = storage.queryAllTestQuality();
      const n = rows.length;
      const mean = (pick: (r: (typeof rows)[number]) => number): number =>
        n === 0 ? 0 : rows.reduce((sum, r) => sum + pick(r), 0) / n;
      const quality =
        n === 0
          ? {
              coverageBreadth: 0,
              coverageDepth: 0,
              assertionDensity: 0,
              mockRatio: 0,
              isolation: 1,
              freshness: 1,
              stability: 1,
              overall: 0,
              smellCount: 0,
            }
          : {
              coverageBreadth: mean((r) => r.coverageBreadth ?? 0),
              coverageDepth: mean((r) => r.coverageDepth ?? 0),
              assertionDensity: mean((r) => r.assertionDensity ?? 0),
              mockRatio: mean((r) => r.mockRatio ?? 0),
              isolation: mean((r) => r.isolation ?? 1),
              freshness: mean((r) => r.freshness ?? 1),
              stability: mean((r) => r.stability ?? 1),
              overall: mean((r) => r.overallScore),
              smellCount: rows.reduce((sum, r) => sum + storedArray(r.smells).length, 0),
            };
      const sourceCount = storage.countFunctions();
      return {
        quality,
        testCount: n,
        sourceCount,
        coveragePercent: sourceCount > 0 ? Math.min(100, (n / sourceCount) * 100) : 0,
        minimumTestSetSize: 0,
      };
    },
  };
}
