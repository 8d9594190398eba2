import type { GateResultRow } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import { extractFileFacts } from '../src/analyzer/index.js';
import { runAnalyzer } from './helpers/run-analyzer.js';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

// A small project: `src` and `src/lib` import each other (a cycle), one test file.
const PROJECT: Record<string, string> = {
  'src/app.ts': lines(
    "import { helper } from './lib/util.js';", // 1
    "import * as math from './lib/math.js';", // 2
    '', // 3
    'export const PORT = 8080;', // 4
    "const UNUSED = 'x';", // 5
    '', // 6
    'export async function main(argv: string[]): Promise<number> {', // 7
    '  const port = Number(process.env.PORT ?? PORT);', // 8
    "  const name = process.env['APP_NAME'];", // 9
    '  helper(name);', // 10
    '  math.add(1, 2);', // 11
    '  return start(port + argv.length);', // 12
    '}', // 13
    '', // 14
    'function start(port: number): number {', // 15
    "  console.log('listening', port);", // 16
    '  return port * 60;', // 17
    '}', // 18
  ),
  'src/lib/util.ts': lines(
    "import { main } from '../app.js';", // 1
    '', // 2
    'export interface Greeter {', // 3
    '  greet(name: string): string;', // 4
    '}', // 5
    'export type Name = string;', // 6
    '', // 7
    'export class Friendly implements Greeter {', // 8
    '  greet(name: string): string {', // 9
    '    return this.decorate(name);', // 10
    '  }', // 11
    '  private decorate(name: Name): string {', // 12
    "    return 'hi ' + name;", // 13
    '  }', // 14
    '}', // 15
    '', // 16
    'export const helper = (value: string | undefined): string => {', // 17
    '  try {', // 18
    '    return value ?? main.name;', // 19
    '  } catch {}', // 20
    "  return '';", // 21
    '};', // 22
  ),
  'src/lib/math.ts': lines(
    'export function add(a: number, b: number): number {', // 1
    '  return a + b;', // 2
    '}', // 3
    "export const apiKey = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';", // 4
    'export function risky(code: string): unknown {', // 5
    '  return eval(code);', // 6
    '}', // 7
  ),
  'src/app.test.ts': lines(
    "import { main } from './app.js';", // 1
    '', // 2
    'export function check(): void {', // 3
    '  const x: any = 1;', // 4
    '  void main([String(x)]);', // 5
    '}', // 6
  ),
  'README.md': '# not analysed\n',
};

/** An express-style CommonJS project: methods assigned to exported objects, exports.x, require(). */
const EXPRESS_STYLE: Record<string, string> = {
  'index.js': lines(
    "'use strict';",
    "const express = require('./lib/express');",
    'module.exports = function () { return express(); };',
  ),
  'lib/express.js': lines(
    "var utils = require('./utils');",
    "var proto = require('./application');",
    'exports = module.exports = createApplication;',
    'function createApplication() {',
    "  return utils.normalizeType('html') && proto;",
    '}',
  ),
  'lib/application.js': lines(
    'var app = exports = module.exports = {};',
    'app.handle = function handle(req, res) {',
    '  return res;',
    '};',
    'app.init = function init() { this.handle(); };',
    '',
    'app.listen = function listen() {',
    '  var server = null;',
    '  this.init();',
    '  return server;',
    '};',
  ),
  'lib/response.js': lines(
    "var { etag } = require('./utils');",
    'var res = Object.create(null);',
    'module.exports = res;',
    'res.send = function send(body) {',
    '  return etag(body);',
    '};',
    '',
    'res.json = function json(obj) {',
    '  return this.send(JSON.stringify(obj));',
    '};',
  ),
  'lib/utils.js': lines(
    'exports.etag = function (body) { return String(body).length; };',
    'exports.normalizeType = (type) => type;',
  ),
};
describe('the sample analyzer on a small project', () => {
  it('finds functions with their lines, parameters and flags', async () => {
    const run = await runAnalyzer(PROJECT);
    const summary = run.functions.map((f) => ({
      at: `${f.file}:${f.line}-${f.endLine}`,
      name: f.qualifiedName ?? f.name,
      params: f.parameterCount,
      exported: f.isExported,
      async: f.isAsync,
      returns: f.returnType,
    }));
    expect(summary).toEqual([
      { at: 'src/app.test.ts:3-6', name: 'check', params: 0, exported: true, async: false, returns: 'void' },
      {
        at: 'src/app.ts:7-13',
        name: 'main',
        params: 1,
        exported: true,
        async: true,
        returns: 'Promise<number>',
      },
      { at: 'src/app.ts:15-18', name: 'start', params: 1, exported: false, async: false, returns: 'number' },
      { at: 'src/lib/math.ts:1-3', name: 'add', params: 2, exported: true, async: false, returns: 'number' },
      {
        at: 'src/lib/math.ts:5-7',
        name: 'risky',
        params: 1,
        exported: true,
        async: false,
        returns: 'unknown',
      },
      {
        at: 'src/lib/util.ts:9-11',
        name: 'Friendly.greet',
        params: 1,
        exported: true,
        async: false,
        returns: 'string',
      },
      {
        at: 'src/lib/util.ts:12-14',
        name: 'Friendly.decorate',
        params: 1,
        exported: true,
        async: false,
        returns: 'string',
      },
      {
        at: 'src/lib/util.ts:17-22',
        name: 'helper',
        params: 1,
        exported: true,
        async: false,
        returns: 'string',
      },
    ]);
    expect(run.detect.files.map((f) => `${f.file} ${f.language}`)).toEqual([
      'src/app.test.ts TypeScript',
      'src/app.ts TypeScript',
      'src/lib/math.ts TypeScript',
      'src/lib/util.ts TypeScript',
    ]);
    for (const f of run.functions) {
      expect(f.bodyHash).toHaveLength(16);
      expect(f.signatureHash).toHaveLength(16);
    }
  });

  it('hashes bodies and signatures stably and tells different ones apart', () => {
    const a = extractFileFacts('a.ts', 'function f(x: number) { return x; }\n').functions[0]!;
    const b = extractFileFacts('b.ts', '\n\nfunction f(x: number) { return x; }\n').functions[0]!;
    const c = extractFileFacts('c.ts', 'function f(x: number) { return x + 1; }\n').functions[0]!;
    const d = extractFileFacts('d.ts', 'function f(x: string) { return x; }\n').functions[0]!;
    expect(b.bodyHash).toEqual(a.bodyHash);
    expect(b.signatureHash).toEqual(a.signatureHash);
    expect(c.bodyHash).not.toEqual(a.bodyHash);
    expect(c.signatureHash).toEqual(a.signatureHash);
    expect(d.signatureHash).not.toEqual(a.signatureHash);
  });

  it('resolves call edges within the project: same file, this, named and namespace imports', async () => {
    const run = await runAnalyzer(PROJECT);
    const edges = (run.crossFile.callEdges ?? []).map(
      (e) =>
        `${run.nameOf(e.callerId)} -> ${run.nameOf(e.calleeId)} @${e.callSiteLine} ${e.resolution} ${e.confidence}`,
    );
    expect(edges.sort()).toEqual([
      'src/app.test.ts:check -> src/app.ts:main @5 import 0.9',
      'src/app.ts:main -> src/app.ts:start @12 same_file 0.95',
      'src/app.ts:main -> src/lib/math.ts:add @11 import 0.9',
      'src/app.ts:main -> src/lib/util.ts:helper @10 import 0.9',
      'src/lib/util.ts:Friendly.greet -> src/lib/util.ts:Friendly.decorate @10 same_file 0.9',
    ]);
  });

  it('follows re-exports to the declaring file', async () => {
    const run = await runAnalyzer({
      'lib/impl.ts': 'export function work(): number {\n  return 1;\n}\n',
      'lib/index.ts': "export * from './impl.js';\nexport { work as run } from './impl.js';\n",
      'main.ts':
        "import { work, run } from './lib/index.js';\nexport function go() {\n  return work() + run();\n}\n",
    });
    const edges = (run.crossFile.callEdges ?? []).map(
      (e) => `${run.nameOf(e.callerId)} -> ${run.nameOf(e.calleeId)} ${e.resolution} ${e.confidence}`,
    );
    expect(edges).toEqual(['main.ts:go -> lib/impl.ts:work import 0.85']);
  });

  it('computes module coupling per folder, with the known import cycle', async () => {
    const run = await runAnalyzer(PROJECT);
    expect(run.structural.couplingMetrics).toEqual([
      {
        module: 'src',
        ce: 1,
        ca: 1,
        instability: 0.5,
        abstractness: 0,
        distance: 0.5,
        zone: 'main_sequence',
      },
      {
        module: 'src/lib',
        ce: 1,
        ca: 1,
        instability: 0.5,
        abstractness: 2 / 7,
        distance: Math.abs(2 / 7 + 0.5 - 1),
        zone: 'main_sequence',
      },
    ]);
    expect(run.structural.couplingCycles).toEqual([
      {
        members: '["src","src/lib"]',
        breakSuggestions:
          '[{"from":"src","to":"src/lib","impact_score":1},{"from":"src/lib","to":"src","impact_score":1}]',
      },
    ]);
  });

  it('finds environment variables, with and without a default', async () => {
    const run = await runAnalyzer(PROJECT);
    expect(run.structural.envVariables).toEqual([
      {
        name: 'PORT',
        file: 'src/app.ts',
        line: 8,
        accessMethod: 'process.env',
        hasDefault: true,
        definedInEnv: false,
        frameworkPrefix: null,
      },
      {
        name: 'APP_NAME',
        file: 'src/app.ts',
        line: 9,
        accessMethod: 'process.env',
        hasDefault: false,
        definedInEnv: false,
        frameworkPrefix: null,
      },
    ]);
  });

  it('finds top-level constants (used or not) and magic numbers in production files', async () => {
    const run = await runAnalyzer(PROJECT);
    const constants = (run.structural.constants ?? []).map(
      (c) => `${c.file}:${c.line} ${c.name}=${c.value} named=${c.isNamed} used=${c.isUsed}`,
    );
    expect(constants).toEqual([
      'src/app.ts:4 PORT=8080 named=true used=true',
      "src/app.ts:5 UNUSED='x' named=true used=false",
      'src/app.ts:17 60=60 named=false used=true',
      // exported, and app.ts imports the whole module as a namespace: counted as used
      "src/lib/math.ts:4 apiKey='sk_live_4eC39HqLyjWDarjtT1zdp7dc' named=true used=true",
    ]);
  });

  it('reports detections by pattern, category, place and classification', async () => {
    const run = await runAnalyzer(PROJECT);
    const detections = run.detect.files.flatMap((f) =>
      (f.detections ?? []).map(
        (d) =>
          `${d.file}:${d.line}:${d.columnNum} ${d.patternId} ${d.category} cwe=${d.cweIds} ${d.matchedText}`,
      ),
    );
    expect(detections).toEqual([
      'src/app.test.ts:4:12 type_safety/explicit-any type_safety cwe=null any',
      "src/app.ts:16:3 logging/console-log logging cwe=null console.log('listening', port)",
      "src/lib/math.ts:4:14 security/hardcoded-secret security cwe=798 apiKey = 'sk************'",
      'src/lib/math.ts:6:10 security/eval security cwe=95 eval(code)',
      'src/lib/util.ts:20:5 error_handling/empty-catch error_handling cwe=390 catch { }',
    ]);
    expect(run.structural.secrets).toEqual([
      {
        patternName: 'hardcoded_credential',
        redactedValue: 'sk************',
        file: 'src/lib/math.ts',
        line: 4,
        severity: 'high',
        entropy: expect.any(Number),
        confidence: 0.7,
        cweIds: '798',
      },
    ]);
    expect(run.structural.secrets?.[0]?.entropy).toBeGreaterThan(3);
    // The empty catch is a gap of the function around it.
    const helper = run.functions.find((f) => f.name === 'helper')!;
    expect(run.graph.errorGaps).toEqual([
      {
        file: 'src/lib/util.ts',
        functionId: String(helper.id),
        gapType: 'empty_catch',
        errorType: null,
        propagationChain: null,
        framework: null,
        cweId: 390,
        severity: 'medium',
      },
    ]);
  });

  it('scores pattern confidence as a Beta posterior of the detections', async () => {
    const run = await runAnalyzer(PROJECT);
    const evalScore = run.patterns.confidence?.find((c) => c.patternId === 'security/eval');
    // Beta(1, 1) prior plus one detection of confidence 0.95.
    expect(evalScore).toMatchObject({ alpha: 1.95, beta: 1.05, tier: 'Tentative', momentum: 'Stable' });
    expect(evalScore?.posteriorMean).toBeCloseTo(0.65, 6);
    expect(run.patterns.confidence?.map((c) => c.patternId)).toEqual([
      'error_handling/empty-catch',
      'logging/console-log',
      'security/eval',
      'security/hardcoded-secret',
      'type_safety/explicit-any',
    ]);
  });

  it('turns production security detections into violations and gate results', async () => {
    const run = await runAnalyzer(PROJECT);
    expect(
      run.enforcement.violations?.map(
        (v) => `${v.id} ${v.severity} ${v.ruleId} ${v.cweId} ${v.owaspCategory}`,
      ),
    ).toEqual([
      'security/hardcoded-secret:src/lib/math.ts:4:14 error security/CWE-798 798 A07:2021-Identification and Authentication Failures',
      'security/eval:src/lib/math.ts:6:10 error security/CWE-95 95 A03:2021-Injection',
    ]);
    const gates = (run.enforcement.gateResults ?? []).map(({ executionTimeMs: _, details: __, ...g }) => g);
    expect(gates).toEqual([
      {
        gateId: 'pattern-compliance',
        status: 'failed',
        passed: false,
        score: 33.33,
        summary: 'Pattern compliance: 33.3% of 3 files (2 findings in 2 files)',
        violationCount: 0,
        warningCount: 2,
        error: null,
      },
      {
        gateId: 'security-boundaries',
        status: 'failed',
        passed: false,
        score: 66.67,
        summary: '2 security findings in 1 files',
        violationCount: 2,
        warningCount: 0,
        error: null,
      },
    ]);
    // No previous run: nothing to compare.
    expect(run.degradation.alerts).toEqual([]);
  });

  it('raises degradation alerts for gates that got worse since the previous run', async () => {
    const previous = (gateId: string, passed: boolean, score: number): GateResultRow => ({
      gateId,
      status: passed ? 'passed' : 'failed',
      passed,
      score,
      summary: '',
      violationCount: 0,
      warningCount: 0,
      executionTimeMs: 0,
      details: null,
      error: null,
      runAt: 0,
    });
    const run = await runAnalyzer(PROJECT, {
      previousGateResults: [
        previous('pattern-compliance', false, 50),
        previous('security-boundaries', true, 100),
      ],
    });
    expect(run.degradation.alerts).toEqual([
      {
        alertType: 'gate_score_drop',
        severity: 'medium',
        message: "Gate 'pattern-compliance' score fell from 50.0 to 33.3",
        currentValue: 33.33,
        previousValue: 50,
        delta: -16.67,
      },
      {
        alertType: 'gate_regression',
        severity: 'high',
        message: "Gate 'security-boundaries' passed before and fails now: 2 security findings in 1 files",
        currentValue: 66.67,
        previousValue: 100,
        delta: -33.33,
      },
    ]);
  });

  it('keeps test files out of the production-only analyses', async () => {
    const run = await runAnalyzer({
      'src/a.ts': 'export const A = 1;\n',
      'src/a.test.ts': "const secretToken = 'tok_9f8e7d6c5b4a';\nexport const T = process.env.TEST_ONLY;\n",
      '__tests__/b.ts': "import { A } from '../src/a.js';\nexport function f() { return eval('A'); }\n",
    });
    expect(
      run.detect.files.flatMap((f) => (f.detections ?? []).map((d) => `${d.file} ${d.patternId}`)),
    ).toEqual(['__tests__/b.ts security/eval', 'src/a.test.ts security/hardcoded-secret']);
    expect(run.structural.envVariables).toEqual([]);
    expect(run.structural.secrets).toEqual([]);
    expect(run.structural.couplingMetrics?.map((m) => m.module)).toEqual(['src']);
    expect(run.enforcement.violations).toEqual([]);
    expect(run.enforcement.gateResults?.map((g) => `${g.gateId} ${g.status} ${g.score}`)).toEqual([
      'pattern-compliance passed 100',
      'security-boundaries passed 100',
    ]);
  });
});

describe('extraction details', () => {
  it('reads env variables through element access, destructuring and || defaults; ignores writes', () => {
    const facts = extractFileFacts(
      'env.js',
      lines(
        "const host = process.env.HOST || 'localhost';",
        "const { NEXT_PUBLIC_URL, RETRIES = '3' } = process.env;",
        "process.env.WRITTEN = 'x';",
        'delete process.env.GONE;',
        'const key = String(process.env[`TEMPLATE`]);',
      ),
    );
    expect(facts.envReads).toEqual([
      { name: 'HOST', line: 1, accessMethod: 'process.env', hasDefault: true },
      { name: 'NEXT_PUBLIC_URL', line: 2, accessMethod: 'process.env destructuring', hasDefault: false },
      { name: 'RETRIES', line: 2, accessMethod: 'process.env destructuring', hasDefault: true },
      { name: 'TEMPLATE', line: 5, accessMethod: 'process.env', hasDefault: false },
    ]);
  });

  it('flags new Function, and secrets only for credential-like names and values', () => {
    const facts = extractFileFacts(
      'x.ts',
      lines(
        "const run = new Function('a', 'return a');",
        "const cacheKey = 'drift';", // too short
        "const passwordLabel = 'Enter your password';", // whitespace
        "const config = { authToken: 'ghp_aB3dE5fG7hJ9kL1mN3pQ' };",
        "this.clientSecret = 'Zx9#Lm2$Qw8!';",
        "const title = 'aB3dE5fG7hJ9kL1mN3pQ';", // name is not credential-like
      ),
    );
    expect(facts.detections.map((d) => `${d.line} ${d.patternId}`)).toEqual([
      '1 security/new-function',
      '4 security/hardcoded-secret',
      '5 security/hardcoded-secret',
    ]);
    expect(facts.secrets.map((s) => `${s.name} ${s.redactedValue}`)).toEqual([
      'authToken gh************',
      'clientSecret Zx**********',
    ]);
  });

  it('keeps a catch block that only holds a comment out of the empty-catch detector', () => {
    const facts = extractFileFacts(
      'c.ts',
      'try { f(); } catch {\n  // expected: f may throw\n}\ntry { f(); } catch (e) {}\n',
    );
    expect(facts.detections.map((d) => `${d.line} ${d.patternId}`)).toEqual(['4 error_handling/empty-catch']);
  });

  it('counts exported declarations for abstractness, including export lists and default exports', () => {
    const facts = extractFileFacts(
      'm.ts',
      lines(
        'interface Shape { area(): number }',
        'abstract class Base {}',
        'class Square extends Base {}',
        'export type Id = string;',
        'export { Shape, Base, Square };',
        'export default function () {}',
        "export * from './other.js';",
      ),
    );
    expect(facts.exports).toEqual({ abstract: 3, total: 5 });
    expect([...facts.exportedNames].sort()).toEqual(['Base', 'Id', 'Shape', 'Square', 'default']);
    expect(facts.functions.map((f) => `${f.name} default=${f.isDefaultExport}`)).toEqual([
      'default default=true',
    ]);
  });

  it('records object-literal methods and function expressions, not overload signatures', () => {
    const facts = extractFileFacts(
      'o.ts',
      lines(
        'export function over(a: string): string;',
        'export function over(a: number): number;',
        'export function over(a: unknown): unknown {',
        '  return a;',
        '}',
        'export const api = {',
        '  ping(this: void, n: number) {',
        '    return n;',
        '  },',
        '};',
        'const legacy = async function (a, b) {',
        '  return a + b;',
        '};',
      ),
    );
    expect(
      facts.functions.map(
        (f) =>
          `${f.qualifiedName ?? f.name}:${f.line}-${f.endLine}/${f.parameterCount} exported=${f.isExported} async=${f.isAsync}`,
      ),
    ).toEqual([
      'over:3-5/1 exported=true async=false',
      'api.ping:7-9/1 exported=true async=false',
      'legacy:11-13/2 exported=false async=true',
    ]);
  });

  it('parses JavaScript with JSX and CommonJS requires', () => {
    const facts = extractFileFacts(
      'view.jsx',
      lines(
        "const util = require('./util');",
        'function View() {',
        '  return <div>{util.label()}</div>;',
        '}',
        'module.exports = View;',
      ),
    );
    expect(facts.imports.map((i) => `${i.specifier}@${i.line}`)).toEqual(['./util@1']);
    expect(facts.functions.map((f) => f.name)).toEqual(['View']);
    expect(facts.calls).toEqual([
      { caller: 0, callee: { kind: 'member', object: 'util', name: 'label' }, line: 3 },
    ]);
    expect(facts.lineCount).toBe(5);
  });
  it('counts the CommonJS forms as functions, exported when assigned to exports or module.exports', () => {
    const facts = extractFileFacts(
      'lib/response.js',
      lines(
        "'use strict';",
        'var res = Object.create(null);',
        'module.exports = res;',
        'res.send = function send(body) {',
        '  return this.json(body);',
        '};',
        'res.status = (code) => code;',
        'req.get = req.header = function header(name) { return name; };',
        'exports.helper = (a, b) => a + b;',
        'module.exports.other = async function () {};',
        'Router.prototype.route = function route(path) { return path; };',
        'function createApplication() { return 1; }',
        'exports = module.exports = createApplication;',
        'this.ignored = function () {};',
      ),
    );
    expect(
      facts.functions.map(
        (f) =>
          `${f.qualifiedName ?? f.name}:${f.line}-${f.endLine}/${f.parameterCount} exported=${f.isExported} default=${f.isDefaultExport} async=${f.isAsync}`,
      ),
    ).toEqual([
      'res.send:4-6/1 exported=true default=false async=false',
      'res.status:7-7/1 exported=true default=false async=false',
      'req.header:8-8/1 exported=false default=false async=false',
      'helper:9-9/2 exported=true default=false async=false',
      'other:10-10/0 exported=true default=false async=true',
      'Router.route:11-11/1 exported=false default=false async=false',
      'createApplication:12-12/0 exported=true default=true async=false',
    ]);
    expect(facts.calls).toEqual([{ caller: 0, callee: { kind: 'this', name: 'json' }, line: 5 }]);
    // helper, other, createApplication and res (exported through module.exports).
    expect(facts.exports.total).toBe(4);
  });

  it('resolves calls through require() to CommonJS exports, on an express-style fixture', async () => {
    const run = await runAnalyzer(EXPRESS_STYLE);
    const exported = run.functions
      .filter((f) => f.isExported)
      .map((f) => `${f.file}:${f.qualifiedName ?? f.name}`);
    expect(exported.sort()).toEqual([
      'index.js:default',
      'lib/application.js:app.handle',
      'lib/application.js:app.init',
      'lib/application.js:app.listen',
      'lib/express.js:createApplication',
      'lib/response.js:res.json',
      'lib/response.js:res.send',
      'lib/utils.js:etag',
      'lib/utils.js:normalizeType',
    ]);
    const edges = (run.crossFile.callEdges ?? []).map(
      (e) => `${run.nameOf(e.callerId)} -> ${run.nameOf(e.calleeId)} @${e.callSiteLine} ${e.resolution}`,
    );
    expect(edges.sort()).toEqual([
      'index.js:default -> lib/express.js:createApplication @3 import',
      'lib/application.js:app.init -> lib/application.js:app.handle @5 same_file',
      'lib/application.js:app.listen -> lib/application.js:app.init @9 same_file',
      'lib/express.js:createApplication -> lib/utils.js:normalizeType @5 import',
      'lib/response.js:res.json -> lib/response.js:res.send @9 same_file',
      'lib/response.js:res.send -> lib/utils.js:etag @5 import',
    ]);
  });
});
