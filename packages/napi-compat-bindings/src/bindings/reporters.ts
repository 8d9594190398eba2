import { createHash } from 'node:crypto';
import type { GateResultRow, ViolationRow } from '@drift/storage-traits';

/** The report formats of `driftReport` (the reference's eight). */
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

/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The reference's four violation levels. */
export type ReportLevel = 'error' | 'warning' | 'info' | 'hint';

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

/** The gates of a report; with none stored, one synthetic `pattern-compliance` gate as the reference. */
function reportGates(
  input: ReportInput,
): Array<{ gateId: string; status: string; passed: boolean; score: number; summary: string }> {
  if (input.gates.length > 0) return input.gates.map((g) => ({ ...g }));
  const blocking = input.violations.some((v) => reportLevel(v.severity) === 'error' && !v.suppressed);
  return [
    {
      gateId: 'pattern-compliance',
      status: blocking ? 'failed' : 'passed',
      passed: !blocking,
      score: 0,
      summary: `${input.violations.length} violations found`,
    },
  ];
}

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

const fingerprint = (v: ViolationRow): string =>
  createHash('sha256').update(`${v.ruleId}\0${v.file}\0${v.line}\0${v.message}`).digest('hex');

const SARIF_LEVEL: Readonly<Record<ReportLevel, string>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};
const SONAR_SEVERITY: Readonly<Record<ReportLevel, string>> = {
  error: 'CRITICAL',
  warning: 'MAJOR',
  info: 'MINOR',
  hint: 'INFO',
};
const GITLAB_SEVERITY: Readonly<Record<ReportLevel, string>> = {
  error: 'critical',
  warning: 'major',
  info: 'minor',
  hint: 'info',
};

const active = (input: ReportInput): ViolationRow[] => input.violations.filter((v) => !v.suppressed);

/** Renders the stored enforcement results in `format`. */
export function renderReport(format: ReportFormat, input: ReportInput): string {
  const gates = reportGates(input);
  switch (format) {
    case 'json':
      return JSON.stringify(
        {
          overallPassed: gates.every((g) => g.passed || g.status === 'skipped'),
          gates,
          violations: input.violations,
        },
        null,
        2,
      );
    case 'sarif': {
      const rules = [...new Set(input.violations.map((v) => v.ruleId))].sort().map((id) => ({ id }));
      return JSON.stringify(
        {
          $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
          version: '2.1.0',
          runs: [
            {
              tool: { driver: { name: 'drift', informationUri: 'https://github.com/ruizrica/drift', rules } },
              results: input.violations.map((v) => ({
                ruleId: v.ruleId,
                level: SARIF_LEVEL[reportLevel(v.severity)],
                message: { text: v.message },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: v.file },
                      region: {
                        startLine: Math.max(1, v.line),
                        ...(v.column === null ? {} : { startColumn: Math.max(1, v.column) }),
                        ...(v.endLine === null ? {} : { endLine: v.endLine }),
                      },
                    },
                  },
                ],
                ...(v.suppressed ? { suppressions: [{ kind: 'external' }] } : {}),
                properties: {
                  patternId: v.patternId,
                  ...(v.cweId === null ? {} : { cwe: `CWE-${v.cweId}` }),
                  ...(v.owaspCategory === null ? {} : { owasp: v.owaspCategory }),
                },
              })),
            },
          ],
        },
        null,
        2,
      );
    }
    case 'console': {
      const lines = gates.map(
        (g) => `${g.passed ? 'PASS' : 'FAIL'} ${g.gateId} (score ${g.score.toFixed(1)}): ${g.summary}`,
      );
      for (const v of input.violations) {
        lines.push(
          `${v.file}:${v.line}${v.column === null ? '' : `:${v.column}`} ${reportLevel(v.severity)} ${v.ruleId} ${v.message}${v.suppressed ? ' (suppressed)' : ''}`,
        );
      }
      lines.push(
        `${input.violations.length} violation(s), ${gates.filter((g) => !g.passed).length} failing gate(s)`,
      );
      return lines.join('\n');
    }
    case 'junit': {
      const suites = gates.map((g) => {
        const cases = g.passed
          ? `    <testcase name="${escapeXml(g.gateId)}" classname="drift.gates"/>`
          : `    <testcase name="${escapeXml(g.gateId)}" classname="drift.gates"><failure message="${escapeXml(g.summary)}"/></testcase>`;
        return `  <testsuite name="${escapeXml(g.gateId)}" tests="1" failures="${g.passed ? 0 : 1}">\n${cases}\n  </testsuite>`;
      });
      const violations = active(input).map(
        (v) =>
          `    <testcase name="${escapeXml(v.id)}" classname="${escapeXml(v.file)}"><failure message="${escapeXml(v.message)}" type="${escapeXml(v.ruleId)}">${escapeXml(`${v.file}:${v.line}`)}</failure></testcase>`,
      );
      suites.push(
        `  <testsuite name="violations" tests="${violations.length}" failures="${violations.length}">\n${violations.join('\n')}\n  </testsuite>`,
      );
      return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="drift">\n${suites.join('\n')}\n</testsuites>`;
    }
    case 'github':
      return active(input)
        .map((v) => {
          const level = reportLevel(v.severity);
          const command = level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'notice';
          const column = v.column === null ? '' : `,col=${v.column}`;
          const text = v.message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
          return `::${command} file=${v.file},line=${v.line}${column},title=${v.ruleId}::${text}`;
        })
        .join('\n');
    case 'gitlab':
      return JSON.stringify(
        active(input).map((v) => ({
          description: v.message,
          check_name: v.ruleId,
          fingerprint: fingerprint(v),
          severity: GITLAB_SEVERITY[reportLevel(v.severity)],
          location: { path: v.file, lines: { begin: v.line } },
        })),
        null,
        2,
      );
    case 'sonarqube':
      return JSON.stringify(
        {
          issues: active(input).map((v) => ({
            engineId: 'drift',
            ruleId: v.ruleId,
            severity: SONAR_SEVERITY[reportLevel(v.severity)],
            type: v.cweId === null && v.owaspCategory === null ? 'CODE_SMELL' : 'VULNERABILITY',
            primaryLocation: {
              message: v.message,
              filePath: v.file,
              textRange: { startLine: Math.max(1, v.line) },
            },
          })),
        },
        null,
        2,
      );
    case 'html': {
      const gateRows = gates
        .map(
          (g) =>
            `<tr><td>${escapeXml(g.gateId)}</td><td>${g.passed ? 'passed' : 'failed'}</td><td>${g.score.toFixed(1)}</td><td>${escapeXml(g.summary)}</td></tr>`,
        )
        .join('\n');
      const violationRows = input.violations
        .map(
          (v) =>
            `<tr><td>${escapeXml(v.file)}:${v.line}</td><td>${reportLevel(v.severity)}</td><td>${escapeXml(v.ruleId)}</td><td>${escapeXml(v.message)}</td></tr>`,
        )
        .join('\n');
      return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Drift report</title></head><body>\n<h1>Drift report</h1>\n<h2>Gates</h2>\n<table><tr><th>Gate</th><th>Status</th><th>Score</th><th>Summary</th></tr>\n${gateRows}\n</table>\n<h2>Violations (${input.violations.length})</h2>\n<table><tr><th>Location</th><th>Level</th><th>Rule</th><th>Message</th></tr>\n${violationRows}\n</table>\n</body></html>`;
    }
  }
}
