import { describeValue, invalidInput, requireArgument } from '@drift/storage-traits';
import {
  type ContractEndpoint,
  type ContractFieldSpec,
  type ContractMismatchOutput,
  type DriftAnalyzer,
  type ExtractedContracts,
  isTestOrFixtureFile,
} from '../analyzer.js';
import type { DriftNapi } from '../contract/interface.js';
import type {
  JsConstantsResult,
  JsConstraintResult,
  JsConstraintViolation,
  JsContractResult,
  JsCouplingResult,
  JsCryptoResult,
  JsDecompositionResult,
  JsDnaResult,
  JsEndpoint,
  JsOwaspResult,
  JsSecurityFinding,
  JsWrapperResult,
} from '../contract/structural.js';
import { storedArray } from './args.js';
import type { BindingContext } from './context.js';
import { readUtf8, walkContractSources } from './contract-walk.js';
import { isAny, isString, napiObject, parseCweList, storedVec } from './native.js';

/** Unsanitized taint flows read as OWASP findings (the reference's `LIMIT 500`). */
const OWASP_TAINT_LIMIT = 500;
/** Detections read for security findings (the reference's 5000). */
const OWASP_DETECTION_LIMIT = 5000;

/** Backend frameworks counted as the REST paradigm (the reference's list). */
const REST_FRAMEWORKS: ReadonlySet<string> = new Set([
  'express',
  'fastify',
  'nestjs',
  'spring',
  'flask',
  'django',
  'rails',
  'laravel',
  'gin',
  'actix',
  'aspnet',
  'nextjs',
]);

/** The CWE Top 25 the compliance report measures coverage against (the reference's list). */
const CWE_TOP_25: ReadonlySet<number> = new Set([
  787, 79, 89, 416, 78, 20, 125, 22, 352, 434, 862, 476, 287, 190, 502, 77, 119, 798, 918, 306, 362, 269, 94,
  863, 276,
]);

/** Severity and OWASP category of an unsanitized taint flow, by sink type (the reference's table). */
const SINK_RISK: Readonly<Record<string, readonly [number, string]>> = {
  os_command: [0.9, 'A03:2021'],
  sql_query: [0.9, 'A03:2021'],
  http_request: [0.7, 'A10:2021'],
  deserialization: [0.7, 'A08:2021'],
  log_output: [0.4, 'A09:2021'],
};

const VIOLATION_SEVERITY: Readonly<Record<string, number>> = { critical: 1, high: 0.8, medium: 0.5 };

const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

function paradigmOf(framework: string): string {
  if (REST_FRAMEWORKS.has(framework)) return 'rest';
  if (framework === 'trpc') return 'rpc';
  if (framework === 'frontend') return 'frontend';
  return 'other';
}

/** Frameworks whose endpoints are matched as the frontend side (the reference's list). */
const FRONTEND_FRAMEWORKS: ReadonlySet<string> = new Set(['frontend']);

function analyzerArray<T>(value: unknown, what: string, op: string): readonly T[] {
  if (!Array.isArray(value)) {
    throw invalidInput(`${op}: the analyzer's ${what} must return an array, got ${describeValue(value)}`, {
      operation: op,
      field: what,
    });
  }
  return value as T[];
}

const fieldSpec = (f: ContractFieldSpec) => ({
  name: f.name,
  fieldType: f.fieldType,
  required: f.required,
  nullable: f.nullable,
});

/**
 * `driftContractTracking` as the reference runs it (`drift_contract_tracking` in
 * `bindings/structural.rs`): walk `root` for source files, skip test and fixture files, hand each
 * readable UTF-8 file to the analyzer's extractors, then match backend endpoints with frontend calls.
 * It needs no initialized runtime (the reference reads nothing from storage here).
 */
function trackContracts(root: string, analyzer: DriftAnalyzer, op: string): JsContractResult {
  const endpoints: JsEndpoint[] = [];
  const frameworks = new Set<string>();
  const backend: ContractEndpoint[] = [];
  const frontend: ContractEndpoint[] = [];
  for (const path of walkContractSources(root)) {
    if (isTestOrFixtureFile(path)) continue;
    const content = readUtf8(path);
    if (content === null) continue;
    const found = analyzerArray<ExtractedContracts>(
      analyzer.extractContracts?.({ path, content }),
      'extractContracts',
      op,
    );
    for (const { framework, endpoints: eps } of found) {
      frameworks.add(framework);
      for (const ep of eps) {
        endpoints.push({
          method: ep.method,
          path: ep.path,
          file: ep.file,
          line: ep.line,
          framework,
          requestFields: ep.requestFields.map(fieldSpec),
          responseFields: ep.responseFields.map(fieldSpec),
        } as JsEndpoint);
        if (REST_FRAMEWORKS.has(framework)) backend.push(ep);
        else if (FRONTEND_FRAMEWORKS.has(framework)) frontend.push(ep);
      }
    }
  }
  const mismatches =
    typeof analyzer.matchContracts === 'function'
      ? analyzerArray<ContractMismatchOutput>(
          analyzer.matchContracts(backend, frontend),
          'matchContracts',
          op,
        )
      : [];
  return {
    endpoints,
    mismatches: mismatches.map((m) => ({
      backendEndpoint: m.backendEndpoint,
      frontendCall: m.frontendCall,
      mismatchType: m.mismatchType,
      severity: m.severity,
      message: m.message,
    })),
    paradigmCount: new Set([...frameworks].map(paradigmOf)).size,
    frameworkCount: frameworks.size,
  };
}

/**
 * The structural functions. Their `root` argument is accepted for compatibility and, as in the
 * reference, not used: results come from what analysis stored for the initialized project.
 */
export function structuralBindings(
  ctx: BindingContext,
): Pick<
  DriftNapi,
  | 'driftCouplingAnalysis'
  | 'driftConstraintVerification'
  | 'driftContractTracking'
  | 'driftConstantsAnalysis'
  | 'driftWrapperDetection'
  | 'driftDnaAnalysis'
  | 'driftOwaspAnalysis'
  | 'driftCryptoAnalysis'
  | 'driftDecomposition'
> {
  /** Checks the (unused) root and returns the storage. */
  const storageFor = (op: string, root: unknown) => {
    requireArgument(op, 'root', 'text', root);
    return ctx.storage(op);
  };

  return {
    driftCouplingAnalysis(root: string): JsCouplingResult {
      const storage = storageFor('driftCouplingAnalysis', root);
      const metrics = storage.getAllCouplingMetrics().map((m) => ({
        module: m.module,
        ce: m.ce,
        ca: m.ca,
        instability: m.instability,
        abstractness: m.abstractness,
        distance: m.distance,
        zone: m.zone,
      }));
      const cycles = storage.queryCouplingCycles().map((c) => ({
        // Read as `Vec<String>` and `Vec<Value>`: anything else counts as empty.
        members: storedVec(c.members, isString),
        breakSuggestionCount: storedVec(c.breakSuggestions, isAny).length,
      }));
      return { metrics, cycles, moduleCount: metrics.length };
    },

    driftConstraintVerification(root: string): JsConstraintResult {
      const storage = storageFor('driftConstraintVerification', root);
      const constraints = storage.getEnabledConstraints();
      const violations: JsConstraintViolation[] = [];
      let passing = 0;
      for (const c of constraints) {
        for (const v of storage.queryConstraintVerifications(c.id)) {
          if (v.passed) passing += 1;
          // `line` is a `None` of the reference: no key.
          else
            violations.push(
              napiObject<JsConstraintViolation>({
                constraintId: v.constraintId,
                file: '',
                message: v.violations,
              }),
            );
        }
      }
      return { totalConstraints: constraints.length, passing, failing: violations.length, violations };
    },

    driftContractTracking(root: string): JsContractResult {
      const op = 'driftContractTracking';
      const dir = requireArgument(op, 'root', 'text', root);
      const analyzer = ctx.analyzer;
      if (typeof analyzer?.extractContracts === 'function') return trackContracts(dir, analyzer, op);
      // Without an extractor: the contracts analysis stored (each row's endpoints as JSON: method, path,
      // line); field lists are not stored, so they are empty. See the README's Deviations table.
      const storage = ctx.storage(op);
      const contracts = storage.queryAllContracts();
      const endpoints: JsEndpoint[] = [];
      for (const c of contracts) {
        for (const e of storedArray(c.endpoints)) {
          if (typeof e !== 'object' || e === null) continue;
          const ep = e as Record<string, unknown>;
          endpoints.push({
            method: String(ep.method ?? ''),
            path: String(ep.path ?? ''),
            file: typeof ep.file === 'string' ? ep.file : c.sourceFile,
            line: typeof ep.line === 'number' ? ep.line : 0,
            framework: c.framework,
            requestFields: [],
            responseFields: [],
          } as JsEndpoint);
        }
      }
      const frameworks = new Set(contracts.map((c) => c.framework));
      return {
        endpoints,
        mismatches: storage.queryContractMismatches().map((m) => ({
          backendEndpoint: m.backendEndpoint,
          frontendCall: m.frontendCall,
          mismatchType: m.mismatchType,
          severity: m.severity,
          message: m.message,
        })),
        paradigmCount: new Set([...frameworks].map(paradigmOf)).size,
        frameworkCount: frameworks.size,
      };
    },

    driftConstantsAnalysis(root: string): JsConstantsResult {
      const storage = storageFor('driftConstantsAnalysis', root);
      return {
        constantCount: storage.countConstants(),
        secrets: storage.getSecretsBySeverity('critical').map((s) => ({
          patternName: s.patternName,
          file: s.file,
          line: s.line,
          severity: s.severity,
          confidence: s.confidence,
        })),
        // `suggestedName` is a `None` of the reference: no key.
        magicNumbers: storage.queryMagicNumbers().map((m) =>
          napiObject<JsConstantsResult['magicNumbers'][number]>({
            value: m.name,
            file: m.file,
            line: m.line,
          }),
        ),
        missingEnvVars: storage.queryMissingEnvVariables().map((e) => e.name),
        deadConstantCount: storage.queryUnusedConstants().length,
      };
    },

    driftWrapperDetection(root: string): JsWrapperResult {
      const storage = storageFor('driftWrapperDetection', root);
      const rows = storage.queryAllWrappers();
      const consistency = mean(rows.map((w) => w.confidence));
      return {
        wrappers: rows.map((w) => ({
          name: w.name,
          file: w.file,
          line: w.line,
          category: w.category,
          framework: w.framework,
          confidence: w.confidence,
          isMultiPrimitive: w.isMultiPrimitive,
          usageCount: w.usageCount,
        })),
        health: { consistency, coverage: 0, abstractionDepth: 0, overall: consistency },
        frameworkCount: new Set(rows.map((w) => w.framework)).size,
        categoryCount: new Set(rows.map((w) => w.category)).size,
      };
    },

    driftDnaAnalysis(root: string): JsDnaResult {
      const storage = storageFor('driftDnaAnalysis', root);
      const genes = storage.getAllDnaGenes().map((g) =>
        napiObject<JsDnaResult['genes'][number]>(
          {
            id: g.geneId,
            name: g.name,
            alleleCount: storedVec(g.alleles, isAny).length,
            confidence: g.confidence,
            consistency: g.consistency,
          },
          { dominantAllele: g.dominantAllele },
        ),
      );
      const mutations = storage.getUnresolvedMutations().map((m) => ({
        id: m.id,
        file: m.file,
        line: m.line,
        gene: m.geneId,
        expected: m.expected,
        actual: m.actual,
        impact: m.impact,
      }));
      const consistency = mean(genes.map((g) => g.consistency));
      const confidence = mean(genes.map((g) => g.confidence));
      const mutationScore = genes.length === 0 ? 1 : 1 - Math.min(1, mutations.length / genes.length);
      return {
        genes,
        mutations,
        health: {
          overall: (consistency + confidence + mutationScore) / 3,
          consistency,
          confidence,
          mutationScore,
          coverage: 0,
        },
        geneticDiversity: genes.length,
      };
    },

    driftOwaspAnalysis(root: string): JsOwaspResult {
      const storage = storageFor('driftOwaspAnalysis', root);
      const findings: JsSecurityFinding[] = [];
      for (const v of storage.queryAllViolations()) {
        if (v.cweId === null && v.owaspCategory === null) continue;
        findings.push({
          id: v.id,
          detector: v.patternId,
          file: v.file,
          line: v.line,
          description: v.message,
          severity: VIOLATION_SEVERITY[v.severity] ?? 0.2,
          cweIds: v.cweId === null ? [] : [v.cweId],
          owaspCategories: v.owaspCategory === null ? [] : [v.owaspCategory],
          confidence: 0.8,
        } as JsSecurityFinding);
      }
      for (const f of storage.queryTaintFlows(OWASP_TAINT_LIMIT, true)) {
        const [severity, owasp] = SINK_RISK[f.sinkType] ?? [0.5, 'A03:2021'];
        findings.push({
          id: `taint-${f.id}`,
          detector: `taint-${f.sinkType}`,
          file: f.sinkFile,
          line: f.sinkLine,
          description: `Unsanitized data flow from ${baseName(f.sourceFile)}:${f.sourceLine} to ${baseName(f.sinkFile)}:${f.sinkLine} (sink: ${f.sinkType})`,
          severity,
          cweIds: f.cweId === null ? [] : [f.cweId],
          owaspCategories: [owasp],
          confidence: f.confidence,
        } as JsSecurityFinding);
      }
      for (const d of storage.queryAllDetections(OWASP_DETECTION_LIMIT)) {
        if (d.category !== 'security') continue;
        const cweIds = parseCweList(d.cweIds);
        if (cweIds.length === 0 && d.owasp === null) continue;
        findings.push({
          id: `det-${d.id}`,
          detector: d.patternId,
          file: d.file,
          line: d.line,
          description: d.matchedText ?? d.patternId,
          severity: d.confidence >= 0.9 ? 0.8 : d.confidence >= 0.7 ? 0.5 : 0.3,
          cweIds,
          owaspCategories: d.owasp === null ? [] : [d.owasp],
          confidence: d.confidence,
        } as JsSecurityFinding);
      }
      const bands = { critical: 0, high: 0, medium: 0, low: 0 };
      for (const f of findings) {
        if (f.severity >= 0.9) bands.critical += 1;
        else if (f.severity >= 0.7) bands.high += 1;
        else if (f.severity >= 0.4) bands.medium += 1;
        else bands.low += 1;
      }
      const owaspCategories = new Set(findings.flatMap((f) => f.owaspCategories.map((c) => c.split(':')[0])));
      const top25 = new Set(findings.flatMap((f) => f.cweIds.filter((c) => CWE_TOP_25.has(c))));
      const posture =
        findings.length === 0
          ? 100
          : Math.max(0, 100 - (bands.critical * 20 + bands.high * 10 + bands.medium * 3 + bands.low));
      return {
        findings,
        compliance: {
          postureScore: posture,
          owaspCoverage: owaspCategories.size / 10,
          cweTop25Coverage: top25.size / 25,
          criticalCount: bands.critical,
          highCount: bands.high,
          mediumCount: bands.medium,
          lowCount: bands.low,
        },
      };
    },

    driftCryptoAnalysis(root: string): JsCryptoResult {
      const storage = storageFor('driftCryptoAnalysis', root);
      const rows = storage.queryAllCryptoFindings();
      let critical = 0;
      let high = 0;
      let medium = 0;
      for (const r of rows) {
        if (r.confidence >= 0.9) critical += 1;
        else if (r.confidence >= 0.7) high += 1;
        else medium += 1;
      }
      return {
        findings: rows.map((r) => ({
          file: r.file,
          line: r.line,
          category: r.category,
          description: r.description,
          confidence: r.confidence,
          cweId: r.cweId,
          remediation: r.remediation,
          language: r.language,
        })),
        health: {
          overall: rows.length === 0 ? 100 : Math.max(0, 100 - (critical * 25 + high * 10 + medium * 3)),
          criticalCount: critical,
          highCount: high,
          mediumCount: medium,
        },
      };
    },

    driftDecomposition(root: string): JsDecompositionResult {
      const storage = storageFor('driftDecomposition', root);
      const modules = storage.getAllCouplingMetrics().map((m) => ({
        name: m.module,
        fileCount: 0,
        publicInterfaceCount: m.ca,
        internalFunctionCount: m.ce,
        cohesion: 1 - m.distance,
        coupling: m.instability,
        estimatedComplexity: m.ce + m.ca,
        appliedPriorCount: 0,
      }));
      return {
        modules,
        moduleCount: modules.length,
        totalFiles: storage.countFiles(),
        avgCohesion: mean(modules.map((m) => m.cohesion)),
        avgCoupling: mean(modules.map((m) => m.coupling)),
      };
    },
  };
}
