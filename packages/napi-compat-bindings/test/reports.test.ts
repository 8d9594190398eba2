import type { BatchCommandRows } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import {
  formatRustF64,
  formatRustFixed,
  parseRustJson,
  RustDefaultHasher,
} from '../src/bindings/rust-format.js';
import { napiFixture, projectFixture } from './helpers/napi-fixture.js';

// driftReport / driftCheck().sarif against the reference's reporters
// (`drift v2/crates/drift/drift-analysis/src/enforcement/reporters/*.rs`), fed by
// `storage_to_gate_results` (`drift-napi/src/bindings/enforcement.rs`). The expected documents were
// written by hand from those files: serde_json's `to_string_pretty` with B-tree (sorted) keys, f64 as
// `1.0`, `{:.1}` / `{:.3}` formatting. Where an expected document is built with JSON.stringify, its keys
// are written in sorted order here, and JSON.stringify only supplies the same two-space layout.

const V1: BatchCommandRows['InsertViolations'] = {
  id: 'v1',
  file: 'src/a.ts',
  line: 0,
  columnNum: 5,
  endLine: null,
  endColumn: null,
  severity: 'high',
  patternId: 'p',
  ruleId: 'pattern-x',
  message: 'Bad <thing> & "q"',
  quickFixStrategy: 'rename',
  quickFixDescription: 'Rename it',
  cweId: 79,
  owaspCategory: 'A03:2021',
  suppressed: false,
  isNew: true,
};
const V2: BatchCommandRows['InsertViolations'] = {
  ...V1,
  id: 'v2',
  file: 'src/b.ts',
  line: 3,
  columnNum: null,
  severity: 'critical',
  ruleId: 'bug-y',
  message: 'Oops',
  quickFixStrategy: 'not_a_strategy',
  quickFixDescription: 'x',
  cweId: null,
  owaspCategory: null,
  suppressed: true,
  isNew: false,
};
const GATE: BatchCommandRows['InsertGateResults'] = {
  gateId: 'pattern-compliance',
  status: 'failed',
  passed: false,
  score: 0.25,
  summary: 'S',
  violationCount: 2,
  warningCount: 0,
  executionTimeMs: 1500,
  details: '{"r":1.0,"n":1}',
  error: null,
};

function withReportData(gates: BatchCommandRows['InsertGateResults'][] = [GATE]) {
  const { root, dbPath } = projectFixture();
  const fixture = napiFixture();
  fixture.napi.driftInitialize(dbPath, root);
  const engine = fixture.engine();
  engine.sendBatch({ type: 'InsertViolations', rows: [V2, V1] });
  if (gates.length > 0) engine.sendBatch({ type: 'InsertGateResults', rows: gates });
  engine.flushSync();
  return { ...fixture, root };
}

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

describe('Rust text formats', () => {
  it('f64 as serde_json / Display write it (ryu layout)', () => {
    expect(formatRustF64(1)).toBe('1.0');
    expect(formatRustF64(0.25)).toBe('0.25');
    expect(formatRustF64(-0)).toBe('-0.0');
    expect(formatRustF64(1e15)).toBe('1000000000000000.0');
    expect(formatRustF64(1e16)).toBe('1e16');
    expect(formatRustF64(1.5e-7)).toBe('1.5e-7');
    expect(formatRustF64(0.0001)).toBe('0.0001');
    expect(formatRustF64(123456.789)).toBe('123456.789');
  });

  it('{:.N} rounds the exact value, ties to even', () => {
    expect(formatRustFixed(0.25, 1)).toBe('0.2');
    expect(formatRustFixed(0.35, 1)).toBe('0.3'); // 0.35 is 0.34999... in binary
    expect(formatRustFixed(2.5, 0)).toBe('2');
    expect(formatRustFixed(74.5, 1)).toBe('74.5');
    expect(formatRustFixed(1.5, 3)).toBe('1.500');
    expect(formatRustFixed(0.0005, 3)).toBe('0.001'); // 0.0005 is 0.000500000000000000010... in binary
  });

  it('serde_json keeps integers and floats apart when parsing', () => {
    expect(parseRustJson('{"a":1,"b":1.0,"c":-0}')).toMatchObject({
      a: 1n,
      b: { value: 1 },
      c: { value: -0 },
    });
    expect(parseRustJson('{"a":1e400}')).toBeUndefined();
    expect(parseRustJson('[1,]')).toBeUndefined();
  });

  it("DefaultHasher is SipHash-1-3 with zero keys (value from CPython's siphash13, PYTHONHASHSEED=0)", () => {
    const hash = new RustDefaultHasher().writeStr('pattern-x').writeStr('src/a.ts').writeU32(0).finish();
    expect(hash.toString(16).padStart(16, '0')).toBe('49d73bc5c1a82c92');
  });
});

describe('driftReport (reporters/*.rs)', () => {
  it('json (json.rs): every field, f64 score and details as Rust prints them', () => {
    const { napi } = withReportData();
    expect(napi.driftReport('json')).toBe(`{
  "gate_count": 1,
  "gates": [
    {
      "details": {
        "n": 1,
        "r": 1.0
      },
      "error": null,
      "execution_time_ms": 1500,
      "gate_id": "pattern-compliance",
      "passed": false,
      "score": 0.25,
      "status": "failed",
      "summary": "S",
      "violation_count": 2,
      "violations": [
        {
          "column": 5,
          "cwe_id": 79,
          "end_column": null,
          "end_line": null,
          "file": "src/a.ts",
          "id": "v1",
          "is_new": true,
          "line": 0,
          "message": "Bad <thing> & \\"q\\"",
          "owasp_category": "A03:2021",
          "rule_id": "pattern-x",
          "severity": "warning",
          "suppressed": false
        },
        {
          "column": null,
          "cwe_id": null,
          "end_column": null,
          "end_line": null,
          "file": "src/b.ts",
          "id": "v2",
          "is_new": false,
          "line": 3,
          "message": "Oops",
          "owasp_category": null,
          "rule_id": "bug-y",
          "severity": "error",
          "suppressed": true
        }
      ],
      "warnings": []
    }
  ],
  "overall_passed": false,
  "total_violations": 2
}`);
    napi.driftShutdown();
  });

  it('json with no stored gate: one synthetic pattern-compliance gate; unknown ids and statuses mapped', () => {
    const none = withReportData([]);
    const synthetic = JSON.parse(none.napi.driftReport('json')).gates;
    // status Failed when any violation is an error (suppressed or not); passed when none unsuppressed is.
    expect(synthetic).toMatchObject([
      {
        gate_id: 'pattern-compliance',
        status: 'failed',
        passed: true,
        score: 0,
        summary: '2 violations found',
      },
    ]);
    expect(none.napi.driftReport('json')).toContain('"score": 0.0,');
    none.napi.driftShutdown();
    const odd = withReportData([{ ...GATE, gateId: 'security-baseline', status: 'warned', details: '{bad' }]);
    const [gate] = JSON.parse(odd.napi.driftReport('json')).gates;
    expect(gate).toMatchObject({ gate_id: 'pattern-compliance', status: 'failed', details: null });
    odd.napi.driftShutdown();
  });

  it('console (console.rs): colours on, {:.1} score, tags, fix line, summary', () => {
    const { napi } = withReportData();
    const bar = '═'.repeat(42);
    expect(napi.driftReport('console')).toBe(
      `╔${bar}╗\n║         Drift Quality Gate Report        ║\n╚${bar}╝\n\n` +
        '✗ pattern-compliance — S (score: 0.2)\n' +
        '  \x1b[33mwarning:\x1b[0m src/a.ts:0:5: Bad <thing> & "q" [NEW]\n' +
        '    💡 Fix: Rename it\n' +
        '  \x1b[31merror:\x1b[0m src/b.ts:3:0: Oops [suppressed]\n' +
        '\n' +
        '─── Summary: 0/1 gates passed, 2 violations ───\n' +
        'Result: FAILED ✗\n',
    );
    napi.driftShutdown();
  });

  it('github (github.rs): unsuppressed violations as annotations', () => {
    const { napi } = withReportData();
    expect(napi.driftReport('github')).toBe(
      pretty([
        {
          annotation_level: 'warning',
          end_line: 1,
          message: 'Bad <thing> & "q"',
          path: 'src/a.ts',
          raw_details: 'CWE-79, A03:2021',
          start_column: 5,
          start_line: 1,
          title: '[pattern-x] pattern-compliance',
        },
      ]),
    );
    napi.driftShutdown();
  });

  it('gitlab (gitlab.rs): categories, severity, DefaultHasher fingerprint', () => {
    const { napi } = withReportData();
    expect(napi.driftReport('gitlab')).toBe(
      pretty([
        {
          categories: ['Security', 'Style'],
          check_name: 'pattern-x',
          description: 'Bad <thing> & "q" (CWE-79)',
          fingerprint: '49d73bc5c1a82c92',
          location: { lines: { begin: 1, end: 1 }, path: 'src/a.ts' },
          severity: 'major',
          type: 'issue',
        },
      ]),
    );
    napi.driftShutdown();
  });

  it('junit (junit.rs): counts, {:.3} times, XML escaping', () => {
    const { napi } = withReportData();
    expect(napi.driftReport('junit')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<testsuites name="Drift Quality Gates" tests="2" failures="1" errors="0" time="1.500">\n' +
        '  <testsuite name="pattern-compliance" tests="2" failures="1" errors="0" time="1.500">\n' +
        '    <testcase name="pattern-x (src/a.ts:0)" classname="drift.gates.pattern-compliance" time="0.000">\n' +
        '      <failure type="warning" message="Bad &lt;thing&gt; &amp; &quot;q&quot;">src/a.ts:0:5: Bad &lt;thing&gt; &amp; &quot;q&quot;</failure>\n' +
        '    </testcase>\n' +
        '  </testsuite>\n' +
        '</testsuites>\n',
    );
    napi.driftShutdown();
  });

  it('sonarqube (sonarqube.rs): issues and rules of unsuppressed violations', () => {
    const { napi } = withReportData();
    expect(napi.driftReport('sonarqube')).toBe(
      pretty({
        issues: [
          {
            effortMinutes: 15,
            engineId: 'drift',
            primaryLocation: {
              filePath: 'src/a.ts',
              message: 'Bad <thing> & "q"',
              textRange: { endLine: 1, startColumn: 4, startLine: 1 },
            },
            ruleId: 'pattern-x',
            severity: 'MAJOR',
            type: 'VULNERABILITY',
          },
        ],
        rules: [
          {
            cleanCodeAttribute: 'CONVENTIONAL',
            description: 'Bad <thing> & "q"',
            engineId: 'drift',
            id: 'pattern-x',
            impacts: [{ severity: 'MAJOR', softwareQuality: 'SECURITY' }],
            name: 'pattern-x',
          },
        ],
      }),
    );
    napi.driftShutdown();
  });

  it('sarif (sarif.rs), also driftCheck().sarif: results skip suppressed, rules and taxonomies do not', () => {
    const { napi, root } = withReportData();
    const expected = pretty({
      $schema:
        'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json',
      runs: [
        {
          results: [
            {
              fixes: [{ description: { text: 'Rename it' } }],
              level: 'warning',
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'src/a.ts', uriBaseId: '%SRCROOT%' },
                    region: { startColumn: 5, startLine: 1 },
                  },
                },
              ],
              message: { text: 'Bad <thing> & "q"' },
              properties: { cweId: 'CWE-79', isNew: true, owaspCategory: 'A03:2021' },
              ruleId: 'pattern-x',
            },
          ],
          taxonomies: [
            {
              name: 'CWE',
              organization: 'MITRE',
              shortDescription: { text: 'Common Weakness Enumeration' },
              taxa: [{ id: 'CWE-79', name: 'CWE-79' }],
              version: '4.13',
            },
            {
              name: 'OWASP',
              organization: 'OWASP Foundation',
              shortDescription: { text: 'OWASP Top 10' },
              taxa: [{ id: 'A03:2021', name: 'A03:2021' }],
              version: '2021',
            },
          ],
          tool: {
            driver: {
              informationUri: 'https://github.com/drift-lang/drift',
              name: 'drift',
              rules: [
                {
                  defaultConfiguration: { level: 'warning' },
                  id: 'pattern-x',
                  properties: { tags: ['CWE-79'] },
                  relationships: [
                    {
                      kinds: ['superset'],
                      target: { id: 'CWE-79', toolComponent: { index: 0, name: 'CWE' } },
                    },
                    {
                      kinds: ['superset'],
                      target: { id: 'A03:2021', toolComponent: { index: 1, name: 'OWASP' } },
                    },
                  ],
                  shortDescription: { text: 'Bad <thing> & "q"' },
                },
                {
                  defaultConfiguration: { level: 'error' },
                  id: 'bug-y',
                  shortDescription: { text: 'Oops' },
                },
              ],
              version: '2.0.0',
            },
          },
        },
      ],
      version: '2.1.0',
    });
    expect(napi.driftReport('sarif')).toBe(expected);
    expect(napi.driftCheck(root).sarif).toBe(expected);
    napi.driftShutdown();
  });

  it('html (html.rs): the document byte for byte outside <style> and <script>', () => {
    const { napi } = withReportData();
    const blank = (html: string) =>
      html
        .replace(/<style>[\s\S]*?<\/style>/, '<style></style>')
        .replace(/<script>[\s\S]*?<\/script>/, '<script></script>');
    expect(blank(napi.driftReport('html'))).toBe(
      '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="UTF-8">\n' +
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n' +
        '<title>Drift Quality Gate Report</title>\n<style></style>\n</head>\n<body>\n' +
        '<div class="container">\n<h1>Drift Quality Gate Report</h1>\n' +
        '<div class="summary summary-fail">\n<span class="summary-result">FAILED</span>\n' +
        '<span class="summary-detail">0/1 gates passed &middot; 1 violations</span>\n</div>\n' +
        '<div class="gate status-failed">\n' +
        '<h2>&#x2717; pattern-compliance <span class="score">Score: 0.2</span></h2>\n' +
        '<p class="gate-summary">S</p>\n' +
        '<table class="violations">\n' +
        '<thead><tr><th>Severity</th><th>Location</th><th>Rule</th><th>Message</th></tr></thead>\n<tbody>\n' +
        '<tr class="severity-warning">\n' +
        '<td><span class="badge severity-warning">warning</span> <span class="badge badge-new">NEW</span></td>\n' +
        '<td class="location">src/a.ts:0:5</td>\n' +
        '<td class="rule">pattern-x</td>\n' +
        '<td>Bad &lt;thing&gt; &amp; &quot;q&quot;<br><span class="quick-fix">Fix: Rename it</span> <span class="tag">CWE-79</span> <span class="tag">A03:2021</span></td>\n' +
        '</tr>\n</tbody>\n</table>\n</div>\n' +
        '<footer>Generated by Drift v2.0.0</footer>\n</div>\n<script></script>\n</body>\n</html>\n',
    );
    napi.driftShutdown();
  });
});
