import type { GateResultRow, ViolationRow } from '@drift/storage-traits';
import {
  formatRustFixed,
  parseRustJson,
  RustDefaultHasher,
  RustF64,
  type RustJson,
  toRustJsonPretty,
} from './rust-format.js';

// The reports of `driftReport` and `driftCheck().sarif`, rendered as the reference's reporters
// (`drift-analysis/src/enforcement/reporters/*.rs`) render the gate results it rebuilds from storage
// (`storage_to_gate_results` in `drift-napi/src/bindings/enforcement.rs`).

/** The report formats of `driftReport`, in the order the reference's error message lists them. */
export const REPORT_FORMATS = [
  'sarif',
  'json',
  'html',
  'junit',
  'sonarqube',
  'console',
  'github',
  'gitlab',
] as const;

/** A format name `driftReport` accepts (e.g. `sarif`, `junit`); any other is refused with `INVALID_INPUT`. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The reference's four violation levels. */
type ReportLevel = 'error' | 'warning' | 'info' | 'hint';

/** What a report is made from: the stored gate results and violations. */
export interface ReportInput {
  readonly gates: readonly GateResultRow[];
  readonly violations: readonly ViolationRow[];
}

/** Maps a stored severity to a report level (critical/error, high/warning, medium/info, anything else hint). */
export function reportLevel(severity: string): ReportLevel {
  switch (severity) {
    case 'critical':
    case 'error':
      return 'error';
    case 'high':
    case 'warning':
      return 'warning';
    case 'medium':
    case 'info':
      return 'info';
    default:
      return 'hint';
  }
}

/** The quick-fix strategies the reference reads back (any other stored strategy means no fix). */
const QUICK_FIX_STRATEGIES: ReadonlySet<string> = new Set([
  'add_import',
  'rename',
  'extract_function',
  'wrap_in_try_catch',
  'add_type_annotation',
  'add_test',
  'add_documentation',
  'use_parameterized_query',
]);

const GATE_IDS: ReadonlySet<string> = new Set([
  'pattern-compliance',
  'constraint-verification',
  'security-boundaries',
  'test-coverage',
  'error-handling',
  'regression',
]);

type GateStatus = 'passed' | 'failed' | 'warned' | 'skipped' | 'errored';

interface ReportViolation {
  readonly id: string;
  readonly file: string;
  readonly line: number;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
  readonly level: ReportLevel;
  readonly ruleId: string;
  readonly message: string;
  readonly cweId: number | null;
  readonly owaspCategory: string | null;
  readonly suppressed: boolean;
  readonly isNew: boolean;
  readonly quickFix: string | null;
}

interface ReportGate {
  readonly gateId: string;
  readonly status: GateStatus;
  readonly passed: boolean;
  readonly score: number;
  readonly summary: string;
  readonly violations: readonly ReportViolation[];
  readonly warnings: readonly string[];
  readonly executionTimeMs: number;
  readonly details: RustJson;
  readonly error: string | null;
}

function reportViolation(v: ViolationRow): ReportViolation {
  const fix =
    v.quickFixStrategy !== null && QUICK_FIX_STRATEGIES.has(v.quickFixStrategy)
      ? (v.quickFixDescription ?? '')
      : null;
  return {
    id: v.id,
    file: v.file,
    line: v.line,
    column: v.column,
    endLine: v.endLine,
    endColumn: v.endColumn,
    level: reportLevel(v.severity),
    ruleId: v.ruleId,
    message: v.message,
    cweId: v.cweId,
    owaspCategory: v.owaspCategory,
    suppressed: v.suppressed,
    isNew: v.isNew,
    quickFix: fix,
  };
}

/**
 * The gate results a report is rendered from, rebuilt as the reference rebuilds them: every stored gate
 * carries every violation; unknown gate ids read as `pattern-compliance`, statuses other than passed,
 * failed and skipped as failed; with no gate stored, one `pattern-compliance` gate summarising them.
 */
function reportGates(input: ReportInput): ReportGate[] {
  const violations = input.violations.map(reportViolation);
  if (input.gates.length === 0) {
    const anyError = violations.some((v) => v.level === 'error');
    return [
      {
        gateId: 'pattern-compliance',
        status: anyError ? 'failed' : 'passed',
        passed: !violations.some((v) => v.level === 'error' && !v.suppressed),
        score: 0,
        summary: `${violations.length} violations found`,
        violations,
        warnings: [],
        executionTimeMs: 0,
        details: null,
        error: null,
      },
    ];
  }
  return input.gates.map((g) => ({
    gateId: GATE_IDS.has(g.gateId) ? g.gateId : 'pattern-compliance',
    status: g.status === 'passed' || g.status === 'skipped' ? g.status : 'failed',
    passed: g.passed,
    score: g.score,
    summary: g.summary,
    violations,
    warnings: [],
    executionTimeMs: g.executionTimeMs,
    details: g.details === null ? null : (parseRustJson(g.details) ?? null),
    error: g.error,
  }));
}

const f64 = (value: number): RustF64 => new RustF64(value);
const atLeastOne = (line: number): number => Math.max(1, line);
const unsuppressed = (gates: readonly ReportGate[]): Array<[ReportGate, ReportViolation]> =>
  gates.flatMap((g) =>
    g.violations.filter((v) => !v.suppressed).map((v) => [g, v] as [ReportGate, ReportViolation]),
  );

// ─── sarif ──────────────────────────────────────────────────────────────────────────────────────────

const SARIF_LEVEL: Readonly<Record<ReportLevel, string>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

function sarif(gates: readonly ReportGate[]): string {
  const results = unsuppressed(gates).map(([, v]) => {
    const region: Record<string, RustJson> = { startLine: atLeastOne(v.line) };
    if (v.column !== null) region.startColumn = v.column;
    if (v.endLine !== null) region.endLine = v.endLine;
    if (v.endColumn !== null) region.endColumn = v.endColumn;
    const properties: Record<string, RustJson> = { isNew: v.isNew };
    if (v.cweId !== null) properties.cweId = `CWE-${v.cweId}`;
    if (v.owaspCategory !== null) properties.owaspCategory = v.owaspCategory;
    const result: Record<string, RustJson> = {
      ruleId: v.ruleId,
      level: SARIF_LEVEL[v.level],
      message: { text: v.message },
      locations: [
        { physicalLocation: { artifactLocation: { uri: v.file, uriBaseId: '%SRCROOT%' }, region } },
      ],
      properties,
    };
    if (v.quickFix !== null) result.fixes = [{ description: { text: v.quickFix } }];
    return result;
  });

  const rules: RustJson[] = [];
  const seenRules = new Set<string>();
  const cweTaxa: RustJson[] = [];
  const seenCwes = new Set<number>();
  const owaspTaxa: RustJson[] = [];
  const seenOwasp = new Set<string>();
  for (const g of gates) {
    for (const v of g.violations) {
      if (seenRules.has(v.ruleId)) continue;
      seenRules.add(v.ruleId);
      const rule: Record<string, RustJson> = {
        id: v.ruleId,
        // The first 100 characters (code points) of the message.
        shortDescription: { text: Array.from(v.message).slice(0, 100).join('') },
        defaultConfiguration: { level: SARIF_LEVEL[v.level] },
      };
      const relationships: RustJson[] = [];
      if (v.cweId !== null) {
        relationships.push({
          target: { id: `CWE-${v.cweId}`, toolComponent: { name: 'CWE', index: 0 } },
          kinds: ['superset'],
        });
        rule.properties = { tags: [`CWE-${v.cweId}`] };
      }
      if (v.owaspCategory !== null) {
        relationships.push({
          target: { id: v.owaspCategory, toolComponent: { name: 'OWASP', index: 1 } },
          kinds: ['superset'],
        });
      }
      if (relationships.length > 0) rule.relationships = relationships;
      rules.push(rule);
    }
  }
  for (const g of gates) {
    for (const v of g.violations) {
      if (v.cweId !== null && !seenCwes.has(v.cweId)) {
        seenCwes.add(v.cweId);
        cweTaxa.push({ id: `CWE-${v.cweId}`, name: `CWE-${v.cweId}` });
      }
    }
  }
  for (const g of gates) {
    for (const v of g.violations) {
      if (v.owaspCategory !== null && !seenOwasp.has(v.owaspCategory)) {
        seenOwasp.add(v.owaspCategory);
        owaspTaxa.push({ id: v.owaspCategory, name: v.owaspCategory });
      }
    }
  }
  const taxonomies: RustJson[] = [];
  if (cweTaxa.length > 0) {
    taxonomies.push({
      name: 'CWE',
      version: '4.13',
      organization: 'MITRE',
      shortDescription: { text: 'Common Weakness Enumeration' },
      taxa: cweTaxa,
    });
  }
  if (owaspTaxa.length > 0) {
    taxonomies.push({
      name: 'OWASP',
      version: '2021',
      organization: 'OWASP Foundation',
      shortDescription: { text: 'OWASP Top 10' },
      taxa: owaspTaxa,
    });
  }
  return toRustJsonPretty({
    $schema:
      'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'drift',
            version: '2.0.0',
            informationUri: 'https://github.com/drift-lang/drift',
            rules,
          },
        },
        results,
        taxonomies,
      },
    ],
  });
}

// ─── json ───────────────────────────────────────────────────────────────────────────────────────────

function json(gates: readonly ReportGate[]): string {
  return toRustJsonPretty({
    overall_passed: gates.every((g) => g.passed),
    total_violations: gates.reduce((n, g) => n + g.violations.length, 0),
    gate_count: gates.length,
    gates: gates.map((g) => ({
      gate_id: g.gateId,
      status: g.status,
      passed: g.passed,
      score: f64(g.score),
      summary: g.summary,
      violation_count: g.violations.length,
      violations: g.violations.map((v) => ({
        id: v.id,
        file: v.file,
        line: v.line,
        column: v.column,
        end_line: v.endLine,
        end_column: v.endColumn,
        severity: v.level,
        rule_id: v.ruleId,
        message: v.message,
        cwe_id: v.cweId,
        owasp_category: v.owaspCategory,
        suppressed: v.suppressed,
        is_new: v.isNew,
      })),
      warnings: g.warnings,
      execution_time_ms: g.executionTimeMs,
      details: g.details,
      error: g.error,
    })),
  });
}

// ─── console ────────────────────────────────────────────────────────────────────────────────────────

const CONSOLE_SYMBOL: Readonly<Record<GateStatus, string>> = {
  passed: '✓',
  failed: '✗',
  warned: '⚠',
  skipped: '⊘',
  errored: '⚡',
};

// The reference's console reporter is created with colours on.
const CONSOLE_COLOR: Readonly<Record<ReportLevel, string>> = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  info: '\x1b[36m',
  hint: '\x1b[90m',
};
const COLOR_RESET = '\x1b[0m';

function consoleReport(gates: readonly ReportGate[]): string {
  const bar = '═'.repeat(42);
  let out = `╔${bar}╗\n║${'Drift Quality Gate Report'.padStart(34).padEnd(42)}║\n╚${bar}╝\n\n`;
  for (const g of gates) {
    out += `${CONSOLE_SYMBOL[g.status]} ${g.gateId} — ${g.summary} (score: ${formatRustFixed(g.score, 1)})\n`;
    for (const v of g.violations) {
      out += `  ${CONSOLE_COLOR[v.level]}${v.level}:${COLOR_RESET} ${v.file}:${v.line}:${v.column ?? 0}: ${v.message}`;
      out += `${v.isNew ? ' [NEW]' : ''}${v.suppressed ? ' [suppressed]' : ''}\n`;
      if (v.quickFix !== null) out += `    💡 Fix: ${v.quickFix}\n`;
    }
    for (const w of g.warnings) out += `  ⚠ ${w}\n`;
    out += '\n';
  }
  const total = gates.reduce((n, g) => n + g.violations.length, 0);
  const passed = gates.filter((g) => g.passed).length;
  out += `─── Summary: ${passed}/${gates.length} gates passed, ${total} violations ───\n`;
  out += gates.every((g) => g.passed) ? 'Result: PASSED ✓\n' : 'Result: FAILED ✗\n';
  return out;
}

// ─── github ─────────────────────────────────────────────────────────────────────────────────────────

const GITHUB_LEVEL: Readonly<Record<ReportLevel, string>> = {
  error: 'failure',
  warning: 'warning',
  info: 'notice',
  hint: 'notice',
};

function github(gates: readonly ReportGate[]): string {
  return toRustJsonPretty(
    unsuppressed(gates).map(([g, v]) => {
      const annotation: Record<string, RustJson> = {
        path: v.file,
        start_line: atLeastOne(v.line),
        end_line: atLeastOne(v.endLine ?? v.line),
        annotation_level: GITHUB_LEVEL[v.level],
        message: v.message,
        title: `[${v.ruleId}] ${g.gateId}`,
      };
      if (v.column !== null) annotation.start_column = v.column;
      if (v.endColumn !== null) annotation.end_column = v.endColumn;
      const raw = [v.cweId === null ? null : `CWE-${v.cweId}`, v.owaspCategory].filter((x) => x !== null);
      if (raw.length > 0) annotation.raw_details = raw.join(', ');
      return annotation;
    }),
  );
}

// ─── gitlab ─────────────────────────────────────────────────────────────────────────────────────────

const GITLAB_SEVERITY: Readonly<Record<ReportLevel, string>> = {
  error: 'critical',
  warning: 'major',
  info: 'minor',
  hint: 'info',
};

function gitlabCategories(v: ReportViolation): string[] {
  const categories: string[] = [];
  if (v.cweId !== null || v.owaspCategory !== null) categories.push('Security');
  const rule = v.ruleId;
  if (rule.startsWith('pattern-')) categories.push('Style');
  else if (rule.startsWith('complexity-') || rule.startsWith('coupling-')) categories.push('Complexity');
  else if (rule.startsWith('bug-') || rule.startsWith('error-')) categories.push('Bug Risk');
  if (categories.length === 0) categories.push('Style');
  return categories;
}

/** The reference's fingerprint: `DefaultHasher` over rule id, file and line, as 16 hex digits. */
function gitlabFingerprint(v: ReportViolation): string {
  const hash = new RustDefaultHasher().writeStr(v.ruleId).writeStr(v.file).writeU32(v.line).finish();
  return hash.toString(16).padStart(16, '0');
}

function gitlab(gates: readonly ReportGate[]): string {
  return toRustJsonPretty(
    unsuppressed(gates).map(([, v]) => ({
      type: 'issue',
      check_name: v.ruleId,
      description: v.cweId === null ? v.message : `${v.message} (CWE-${v.cweId})`,
      categories: gitlabCategories(v),
      severity: GITLAB_SEVERITY[v.level],
      fingerprint: gitlabFingerprint(v),
      location: {
        path: v.file,
        lines: { begin: atLeastOne(v.line), end: atLeastOne(v.endLine ?? v.line) },
      },
    })),
  );
}

// ─── junit ──────────────────────────────────────────────────────────────────────────────────────────

const escapeXml = (s: string): string =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');

function junit(gates: readonly ReportGate[]): string {
  const counted = (g: ReportGate, level: ReportLevel): number =>
    g.violations.filter((v) => !v.suppressed && v.level === level).length;
  const tests = (g: ReportGate): number => (g.violations.length === 0 ? 1 : g.violations.length);
  const seconds = (g: ReportGate): number => g.executionTimeMs / 1000;
  const totalTime = gates.reduce((sum, g) => sum + seconds(g), 0);
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n';
  xml += `<testsuites name="Drift Quality Gates" tests="${gates.reduce((n, g) => n + tests(g), 0)}" failures="${gates.reduce((n, g) => n + counted(g, 'warning'), 0)}" errors="${gates.reduce((n, g) => n + counted(g, 'error'), 0)}" time="${formatRustFixed(totalTime, 3)}">\n`;
  for (const g of gates) {
    const time = formatRustFixed(seconds(g), 3);
    const gateId = escapeXml(g.gateId);
    xml += `  <testsuite name="${gateId}" tests="${tests(g)}" failures="${counted(g, 'warning')}" errors="${counted(g, 'error')}" time="${time}">\n`;
    if (g.violations.length === 0) {
      xml += `    <testcase name="${escapeXml(g.summary)}" classname="drift.gates.${gateId}" time="${time}"`;
      xml += g.status === 'skipped' ? '>\n      <skipped />\n    </testcase>\n' : ' />\n';
    } else {
      for (const v of g.violations) {
        if (v.suppressed) continue;
        const message = escapeXml(v.message);
        xml += `    <testcase name="${escapeXml(v.ruleId)} (${escapeXml(v.file)}:${v.line})" classname="drift.gates.${gateId}" time="0.000">\n`;
        xml += `      <failure type="${v.level}" message="${message}">${escapeXml(v.file)}:${v.line}:${v.column ?? 0}: ${message}</failure>\n`;
        xml += '    </testcase>\n';
      }
    }
    xml += '  </testsuite>\n';
  }
  return `${xml}</testsuites>\n`;
}

// ─── sonarqube ──────────────────────────────────────────────────────────────────────────────────────

const SONAR_SEVERITY: Readonly<Record<ReportLevel, string>> = {
  error: 'CRITICAL',
  warning: 'MAJOR',
  info: 'MINOR',
  hint: 'INFO',
};
const SONAR_EFFORT: Readonly<Record<ReportLevel, number>> = { error: 30, warning: 15, info: 5, hint: 2 };

function sonarqube(gates: readonly ReportGate[]): string {
  const active = unsuppressed(gates);
  const issues = active.map(([, v]) => {
    const textRange: Record<string, RustJson> = {
      startLine: atLeastOne(v.line),
      endLine: atLeastOne(v.endLine ?? v.line),
    };
    if (v.column !== null) textRange.startColumn = Math.max(0, v.column - 1);
    if (v.endColumn !== null) textRange.endColumn = Math.max(0, v.endColumn - 1);
    let type = 'CODE_SMELL';
    if (v.cweId !== null || v.owaspCategory !== null) type = 'VULNERABILITY';
    else if (v.ruleId.startsWith('bug-') || v.ruleId.startsWith('error-')) type = 'BUG';
    return {
      engineId: 'drift',
      ruleId: v.ruleId,
      severity: SONAR_SEVERITY[v.level],
      type,
      primaryLocation: { message: v.message, filePath: v.file, textRange },
      effortMinutes: SONAR_EFFORT[v.level],
    };
  });
  const seen = new Set<string>();
  const rules: RustJson[] = [];
  for (const [, v] of active) {
    if (seen.has(v.ruleId)) continue;
    seen.add(v.ruleId);
    rules.push({
      id: v.ruleId,
      name: v.ruleId,
      description: v.message,
      engineId: 'drift',
      cleanCodeAttribute: 'CONVENTIONAL',
      impacts: [
        {
          softwareQuality: v.cweId !== null ? 'SECURITY' : 'MAINTAINABILITY',
          severity: SONAR_SEVERITY[v.level],
        },
      ],
    });
  }
  return toRustJsonPretty({ rules, issues });
}

// ─── html ───────────────────────────────────────────────────────────────────────────────────────────

const escapeHtml = (s: string): string =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const HTML_ICON: Readonly<Record<GateStatus, string>> = {
  passed: '&#x2713;',
  failed: '&#x2717;',
  warned: '&#x26A0;',
  skipped: '&#x2298;',
  errored: '&#x26A1;',
};

const HTML_TITLE = 'Drift Quality Gate Report';

// This package's own stylesheet and script for the page (see the README's Deviations table: the
// reference's inline stylesheet and script are its code, which this project does not copy). The class
// names are the reference's, so the markup is the same.
const HTML_STYLE = `
body { font-family: system-ui, sans-serif; margin: 0; background: #fafafa; color: #222; }
.container { max-width: 1100px; margin: 0 auto; padding: 24px; }
.summary, .gate { border: 1px solid #ccc; border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; background: #fff; }
.summary-pass { border-color: #2e7d32; } .summary-fail { border-color: #c62828; }
.status-passed { border-left: 5px solid #2e7d32; } .status-failed { border-left: 5px solid #c62828; }
.status-warned { border-left: 5px solid #f9a825; } .status-skipped { border-left: 5px solid #757575; }
.status-errored { border-left: 5px solid #ef6c00; }
.violations { width: 100%; border-collapse: collapse; } .violations td, .violations th { padding: 6px; text-align: left; }
.badge, .tag { padding: 1px 6px; border-radius: 3px; font-size: 11px; background: #eee; }
.location, .rule { font-family: monospace; }
`;
const HTML_SCRIPT = `
for (const heading of document.querySelectorAll('.gate h2')) {
  heading.addEventListener('click', () => {
    const list = heading.parentElement.querySelector('.violations');
    if (list) list.hidden = !list.hidden;
  });
}
`;

const SEVERITY_CLASS: Readonly<Record<ReportLevel, string>> = {
  error: 'severity-error',
  warning: 'severity-warning',
  info: 'severity-info',
  hint: 'severity-hint',
};

function html(gates: readonly ReportGate[]): string {
  const total = gates.reduce((n, g) => n + g.violations.filter((v) => !v.suppressed).length, 0);
  const passed = gates.filter((g) => g.passed).length;
  const allPassed = gates.every((g) => g.passed);
  let out = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="UTF-8">\n';
  out += '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n';
  out += `<title>${escapeHtml(HTML_TITLE)}</title>\n<style>\n${HTML_STYLE}</style>\n</head>\n<body>\n`;
  out += `<div class="container">\n<h1>${escapeHtml(HTML_TITLE)}</h1>\n`;
  out += `<div class="summary ${allPassed ? 'summary-pass' : 'summary-fail'}">\n`;
  out += `<span class="summary-result">${allPassed ? 'PASSED' : 'FAILED'}</span>\n`;
  out += `<span class="summary-detail">${passed}/${gates.length} gates passed &middot; ${total} violations</span>\n</div>\n`;
  for (const g of gates) {
    out += `<div class="gate status-${g.status}">\n`;
    out += `<h2>${HTML_ICON[g.status]} ${escapeHtml(g.gateId)} <span class="score">Score: ${formatRustFixed(g.score, 1)}</span></h2>\n`;
    out += `<p class="gate-summary">${escapeHtml(g.summary)}</p>\n`;
    const active = g.violations.filter((v) => !v.suppressed);
    if (active.length === 0) {
      out += '<p class="no-violations">No violations</p>\n';
    } else {
      out += '<table class="violations">\n';
      out +=
        '<thead><tr><th>Severity</th><th>Location</th><th>Rule</th><th>Message</th></tr></thead>\n<tbody>\n';
      for (const v of active) {
        const cls = SEVERITY_CLASS[v.level];
        out += `<tr class="${cls}">\n`;
        out += `<td><span class="badge ${cls}">${v.level}</span>${v.isNew ? ' <span class="badge badge-new">NEW</span>' : ''}</td>\n`;
        out += `<td class="location">${escapeHtml(v.file)}:${v.line}:${v.column ?? 0}</td>\n`;
        out += `<td class="rule">${escapeHtml(v.ruleId)}</td>\n`;
        let msg = escapeHtml(v.message);
        if (v.quickFix !== null) msg += `<br><span class="quick-fix">Fix: ${escapeHtml(v.quickFix)}</span>`;
        if (v.cweId !== null) msg += ` <span class="tag">CWE-${v.cweId}</span>`;
        if (v.owaspCategory !== null) msg += ` <span class="tag">${escapeHtml(v.owaspCategory)}</span>`;
        out += `<td>${msg}</td>\n</tr>\n`;
      }
      out += '</tbody>\n</table>\n';
    }
    if (g.warnings.length > 0) {
      out += '<div class="warnings">\n';
      for (const w of g.warnings) out += `<p class="warning-item">&#x26A0; ${escapeHtml(w)}</p>\n`;
      out += '</div>\n';
    }
    out += '</div>\n';
  }
  out += '<footer>Generated by Drift v2.0.0</footer>\n</div>\n';
  out += `<script>\n${HTML_SCRIPT}</script>\n</body>\n</html>\n`;
  return out;
}

const RENDERERS: Readonly<Record<ReportFormat, (gates: readonly ReportGate[]) => string>> = {
  sarif,
  json,
  html,
  junit,
  sonarqube,
  console: consoleReport,
  github,
  gitlab,
};

/** Renders the stored gates and violations in `format`, as the reference's reporter of that name. */
export function renderReport(format: ReportFormat, input: ReportInput): string {
  return RENDERERS[format](reportGates(input));
}
