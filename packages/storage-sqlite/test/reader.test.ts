import { parseIntegerId } from '@drift/storage-traits/queries';
import { feedback, violation } from '@drift/storage-traits/testing';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { storageErrorOf } from './helpers/engines.js';
import { tempDbPath } from './helpers/temp.js';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const handle of opened.splice(0).reverse()) handle.close();
});

function track<T extends { close(): void }>(handle: T): T {
  opened.push(handle);
  return handle;
}

/** A file engine plus a second raw connection to the same file, to fill tables the reader reads. */
function fileEngineWithRaw(): { engine: DriftStorageEngine; raw: BetterSqlite3.Database } {
  const path = tempDbPath();
  const engine = track(DriftStorageEngine.open(path));
  const raw = track(new BetterSqlite3(path));
  raw.pragma('busy_timeout = 5000');
  return { engine, raw };
}

/** The shared feedback row on violation `v` by detector `d`: `action` on `patternId`, createdAt 0. */
function feedbackOn(patternId: string, action: string) {
  return feedback({ violationId: 'v', patternId, detectorId: 'd', action, createdAt: 0 });
}

function insertConfidence(raw: BetterSqlite3.Database, patternId: string, posteriorMean: number): void {
  raw
    .prepare(
      `INSERT INTO pattern_confidence (pattern_id, alpha, beta, posterior_mean, credible_interval_low,
         credible_interval_high, tier) VALUES (?, 2, 1, ?, 0.1, 0.9, 'established')`,
    )
    .run(patternId, posteriorMean);
}

describe.each([
  ['in-memory', () => track(DriftStorageEngine.openInMemory())],
  ['file', () => track(DriftStorageEngine.open(tempDbPath()))],
] as const)('IDriftReader on an empty %s engine', (_name, open) => {
  // CT0-B-07 (every method null or 0 on an empty store) is the suite's reader test of that name.
  it('computes falsePositiveRate from feedback written through the engine', () => {
    const e = open();
    e.insertFeedback(feedbackOn('auth_check', 'dismiss'));
    e.insertFeedback(feedbackOn('auth_check', 'fix'));
    e.insertFeedback(feedbackOn('auth_check', 'fix'));
    expect(e.falsePositiveRate('auth_check')).toBeCloseTo(1 / 3, 15);
    expect(e.falsePositiveRate('other')).toBeNull();
  });
});

describe('IDriftReader values computed from known rows', () => {
  // CT0-B-06 (patternConfidence answers the stored posterior mean) is the suite's reader test of that name.
  it('patternOccurrenceRate: distinct files with the pattern over distinct files with any detection', () => {
    const { engine, raw } = fileEngineWithRaw();
    const detect = raw.prepare(
      `INSERT INTO detections (file, line, column_num, pattern_id, category, confidence, detection_method)
       VALUES (?, ?, 0, ?, 'security', 0.9, 'ast')`,
    );
    detect.run('a.ts', 1, 'p1');
    detect.run('a.ts', 2, 'p2');
    detect.run('b.ts', 1, 'p1');
    detect.run('b.ts', 9, 'p1'); // same file again: counted once
    detect.run('c.ts', 1, 'p2');
    detect.run('d.ts', 1, 'p3');
    // 4 files: a, b, c, d
    expect(engine.patternOccurrenceRate('p1')).toBe(2 / 4);
    expect(engine.patternOccurrenceRate('p2')).toBe(2 / 4);
    expect(engine.patternOccurrenceRate('p3')).toBe(1 / 4);
    expect(engine.patternOccurrenceRate('p4')).toBeNull();
    detect.run('e.ts', 1, 'p3');
    expect(engine.patternOccurrenceRate('p3')).toBe(2 / 5);
    expect(engine.patternOccurrenceRate('p1')).toBe(2 / 5);
  });

  it('falsePositiveRate: dismissals over all feedback on the pattern', () => {
    const { engine } = fileEngineWithRaw();
    for (const action of ['dismiss', 'dismiss', 'fix', 'suppress', 'escalate']) {
      engine.insertFeedback(feedbackOn('p', action));
    }
    engine.insertFeedback(feedbackOn('only-fixes', 'fix'));
    engine.insertFeedback(feedbackOn('other', 'dismiss'));
    expect(engine.falsePositiveRate('p')).toBe(2 / 5);
    expect(engine.falsePositiveRate('only-fixes')).toBe(0);
    expect(engine.falsePositiveRate('other')).toBe(1);
    expect(engine.falsePositiveRate('none')).toBeNull();
  });

  it('constraintVerified: whether the most recent verification (by verified_at) passed', () => {
    const { engine, raw } = fileEngineWithRaw();
    const constraint = raw.prepare(
      `INSERT INTO constraints (id, description, invariant_type, target, source) VALUES (?, 'd', 'must_exist', 't', 's')`,
    );
    for (const id of ['c-pass', 'c-fail', 'c-tie', 'c-never']) constraint.run(id);
    const verify = raw.prepare(
      `INSERT INTO constraint_verifications (constraint_id, passed, violations, verified_at) VALUES (?, ?, '[]', ?)`,
    );
    verify.run('c-pass', 0, 100);
    verify.run('c-pass', 1, 200);
    // inserted later but older: the earlier insert with the newer stamp decides
    verify.run('c-fail', 0, 500);
    verify.run('c-fail', 1, 400);
    // Same stamp. engine.rs constraint_verified: ORDER BY verified_at DESC LIMIT 1 and nothing else;
    // SQLite searches idx_constraint_verifications_cid and sorts with a temp B-tree, which keeps the
    // tie in insertion order, so the first verification written answers (this test expected the later
    // one before, which is the opposite of the reference).
    verify.run('c-tie', 1, 700);
    verify.run('c-tie', 0, 700);
    expect(engine.constraintVerified('c-pass')).toBe(true);
    expect(engine.constraintVerified('c-fail')).toBe(false);
    expect(engine.constraintVerified('c-tie')).toBe(true);
    expect(engine.constraintVerified('c-never')).toBeNull();
    expect(engine.constraintVerified('unknown')).toBeNull();
  });

  it('couplingMetric answers instability (not distance), testCoverage the overall score', () => {
    const { engine, raw } = fileEngineWithRaw();
    raw
      .prepare(
        `INSERT INTO coupling_metrics (module, ce, ca, instability, abstractness, distance, zone)
         VALUES (?, 3, 1, ?, 0.2, ?, 'main_sequence')`,
      )
      .run('src/core', 0.75, 0.05);
    raw
      .prepare(`INSERT INTO test_quality (function_id, overall_score, coverage_breadth) VALUES (?, ?, ?)`)
      .run('src/a.ts::login', 0.73, 0.1);
    expect(engine.couplingMetric('src/core')).toBe(0.75);
    expect(engine.couplingMetric('src/other')).toBeNull();
    expect(engine.testCoverage('src/a.ts::login')).toBe(0.73);
    expect(engine.testCoverage('src/a.ts::logout')).toBeNull();
  });

  it('dnaHealth: the mean of confidence x consistency over all genes', () => {
    const { engine, raw } = fileEngineWithRaw();
    const gene = raw.prepare(
      `INSERT INTO dna_genes (gene_id, name, description, alleles, confidence, consistency, exemplars)
       VALUES (?, 'n', 'd', '[]', ?, ?, '[]')`,
    );
    gene.run('g1', 0.8, 0.5); // 0.4
    expect(engine.dnaHealth()).toBeCloseTo(0.4, 15);
    gene.run('g2', 0.5, 0.5); // 0.25
    gene.run('g3', 1, 0.1); // 0.1
    expect(engine.dnaHealth()).toBeCloseTo((0.4 + 0.25 + 0.1) / 3, 15);
  });

  it('errorHandlingGaps: gaps in files matching the prefix with LIKE, null when none', () => {
    const { engine, raw } = fileEngineWithRaw();
    const gap = raw.prepare(
      `INSERT INTO error_gaps (file, function_id, gap_type, severity) VALUES (?, 'f', 'swallowed', 'high')`,
    );
    for (const file of ['src/a.ts', 'src/a.ts', 'src/b.ts', 'lib/c.ts', 'SRC/d.ts', 'src_x/e.ts'])
      gap.run(file);
    // LIKE is ASCII case-insensitive, so 'SRC/d.ts' matches 'src/'
    expect(engine.errorHandlingGaps('src/')).toBe(4);
    expect(engine.errorHandlingGaps('src/a')).toBe(2);
    expect(engine.errorHandlingGaps('lib/')).toBe(1);
    // `_` in the prefix is a LIKE wildcard, as in the reference: 'src_' also matches 'src/...'
    expect(engine.errorHandlingGaps('src_')).toBe(5);
    expect(engine.errorHandlingGaps('')).toBe(6);
    expect(engine.errorHandlingGaps('none/')).toBeNull();
  });

  it('decisionEvidence and boundaryData: confidence of the row whose id parses from the string', () => {
    const { engine, raw } = fileEngineWithRaw();
    const d1 = engine.insertDecision('architecture', 'event bus', null, 0.9, null, null, null);
    const d2 = engine.insertDecision('naming', 'snake', null, 0.35, null, null, null);
    expect(engine.decisionEvidence(String(d1))).toBe(0.9);
    expect(engine.decisionEvidence(String(d2))).toBe(0.35);
    expect(engine.decisionEvidence('+2')).toBe(0.35);
    expect(engine.decisionEvidence('002')).toBe(0.35);
    expect(engine.decisionEvidence('3')).toBeNull();
    // An unparsable id reads as 0, as the reference's `parse().unwrap_or(0)` does.
    expect(engine.decisionEvidence('abc')).toBeNull();
    raw
      .prepare(`INSERT INTO decisions (id, category, description, confidence) VALUES (0, 'c', 'd', 0.11)`)
      .run();
    for (const bad of ['abc', '', ' 1', '1.0', '0x1', '9223372036854775808']) {
      expect(engine.decisionEvidence(bad)).toBe(0.11);
    }
    // Ids past 2^53 stay exact.
    const boundary = raw.prepare(
      `INSERT INTO boundaries (id, file, framework, model_name, confidence) VALUES (?, 'm.ts', 'prisma', 'User', ?)`,
    );
    boundary.run(7, 0.6);
    boundary.run(9007199254740992n, 0.2);
    boundary.run(9007199254740993n, 0.3);
    boundary.run(-5, 0.4);
    expect(engine.boundaryData('7')).toBe(0.6);
    expect(engine.boundaryData('9007199254740992')).toBe(0.2);
    expect(engine.boundaryData('9007199254740993')).toBe(0.3);
    expect(engine.boundaryData('-5')).toBe(0.4);
    expect(engine.boundaryData('8')).toBeNull();
    expect(engine.boundaryData('seven')).toBeNull();
  });

  it('taintFlowRisk: unsanitized flows whose source is the file, null when none', () => {
    const { engine, raw } = fileEngineWithRaw();
    const flow = raw.prepare(
      `INSERT INTO taint_flows (source_file, source_line, source_type, sink_file, sink_line, sink_type, is_sanitized, path, confidence)
       VALUES (?, 1, 'user_input', 'db.ts', 5, 'sql', ?, '[]', 0.8)`,
    );
    flow.run('src/a.ts', 0);
    flow.run('src/a.ts', 0);
    flow.run('src/a.ts', 1);
    flow.run('src/b.ts', 1);
    flow.run('src/a.tsx', 0);
    expect(engine.taintFlowRisk('src/a.ts')).toBe(2);
    expect(engine.taintFlowRisk('src/b.ts')).toBeNull();
    expect(engine.taintFlowRisk('src/a.tsx')).toBe(1);
    expect(engine.taintFlowRisk('db.ts')).toBeNull();
  });

  it('callGraphCoverage: distinct callees of the function over all functions', () => {
    const { engine, raw } = fileEngineWithRaw();
    const fn = raw.prepare(
      `INSERT INTO functions (id, file, name, language, line, end_line) VALUES (?, 'a.ts', ?, 'typescript', ?, ?)`,
    );
    for (const id of [1, 2, 3, 4, 5]) fn.run(id, `f${id}`, id * 10, id * 10 + 5);
    const edge = raw.prepare(
      `INSERT INTO call_edges (caller_id, callee_id, resolution, confidence, call_site_line) VALUES (?, ?, 'import', 0.9, ?)`,
    );
    edge.run(1, 2, 11);
    edge.run(1, 3, 12);
    edge.run(1, 3, 13); // the same callee from another line: counted once
    edge.run(2, 4, 21);
    expect(engine.callGraphCoverage('1')).toBe(2 / 5);
    expect(engine.callGraphCoverage('2')).toBe(1 / 5);
    expect(engine.callGraphCoverage('5')).toBe(0);
    expect(engine.callGraphCoverage('nope')).toBe(0);
  });

  it('countMatchingPatterns: how many distinct given ids have a confidence row, lists of any length', () => {
    const { engine, raw } = fileEngineWithRaw();
    insertConfidence(raw, 'auth_check', 0.85);
    insertConfidence(raw, 'naming', 0.5);
    insertConfidence(raw, 'p-1199', 0.5);
    expect(engine.countMatchingPatterns(['auth_check'])).toBe(1);
    expect(engine.countMatchingPatterns(['auth_check', 'x', 'auth_check', 'naming'])).toBe(2);
    expect(engine.countMatchingPatterns(['x', 'y'])).toBe(0);
    const many = Array.from({ length: 1200 }, (_, i) => `p-${i}`);
    many.push('auth_check', 'naming', 'auth_check');
    expect(engine.countMatchingPatterns(many)).toBe(3);
  });

  it('latestScanTimestamp: completed_at of the latest completed scan, as an exact decimal string', () => {
    const { engine, raw } = fileEngineWithRaw();
    const scan = raw.prepare(
      `INSERT INTO scan_history (started_at, completed_at, root_path, status) VALUES (?, ?, '/repo', ?)`,
    );
    scan.run(1, 1_700_000_000, 'completed');
    expect(engine.latestScanTimestamp()).toBe('1700000000');
    scan.run(2, 1_800_000_000, 'running');
    scan.run(3, 1_900_000_000, 'failed');
    scan.run(4, 1_600_000_000, 'completed');
    expect(engine.latestScanTimestamp()).toBe('1700000000');
    scan.run(5, 9007199254740993n, 'completed');
    expect(engine.latestScanTimestamp()).toBe('9007199254740993');
  });

  // engine.rs latest_scan_timestamp reads completed_at as i64: NULL sorts last under DESC, so a
  // completed scan without one is passed over while another has one; when it is the only candidate
  // the reference's query fails (this test expected null there before).
  it('latestScanTimestamp passes over completed scans without a completion time, and fails on one alone', () => {
    const { engine, raw } = fileEngineWithRaw();
    const scan = raw.prepare(
      `INSERT INTO scan_history (started_at, completed_at, root_path, status) VALUES (?, ?, '/repo', 'completed')`,
    );
    scan.run(1, null);
    expect(storageErrorOf(() => engine.latestScanTimestamp()).code).toBe('SQLITE_ERROR');
    scan.run(2, 42);
    expect(engine.latestScanTimestamp()).toBe('42');
  });

  it('latestScanTimestamp answers the first scan written when two completed in the same second', () => {
    // ORDER BY completed_at DESC LIMIT 1: a scan and a temp B-tree, ties in insertion order.
    const { engine, raw } = fileEngineWithRaw();
    const scan = raw.prepare(
      `INSERT INTO scan_history (started_at, completed_at, root_path, status) VALUES (?, ?, ?, 'completed')`,
    );
    scan.run(1, 90, '/a');
    scan.run(2, 100, '/b');
    scan.run(3, 100, '/c');
    expect(engine.latestScanTimestamp()).toBe('100');
    expect(engine.queryRecentScans(1).map((s) => s.rootPath)).toEqual(['/c']); // started_at 3
  });

  it('values the reference cannot read back fail the read with OUT_OF_RANGE instead of a wrong number', () => {
    const { engine, raw } = fileEngineWithRaw();
    // A program other than drift wrote an integer past 2^53 (the reference reads it as an exact i64;
    // a JavaScript number would round it).
    raw
      .prepare(
        `INSERT INTO scan_history (started_at, completed_at, root_path, status) VALUES (?, ?, '/big', 'completed')`,
      )
      .run(2n ** 53n + 1n, 2n ** 53n + 1n);
    expect(engine.latestScanTimestamp()).toBe('9007199254740993'); // read as text: exact, as the reference
    const error = storageErrorOf(() => engine.queryRecentScans(5));
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.message).toContain('scan_history.started_at');
    // And a value outside the u32 the reference reads a violation's line as (queries/enforcement.rs
    // ViolationRow.line: u32; rusqlite fails the query with "integral value out of range").
    engine.insertViolation(violation({ id: 'v1', line: 3 }));
    raw.prepare('UPDATE violations SET line = -1').run();
    const line = storageErrorOf(() => engine.queryAllViolations());
    expect(line.code).toBe('OUT_OF_RANGE');
    expect(line.message).toContain('violations.line holds -1');
    raw.prepare('UPDATE violations SET line = ?').run(2 ** 32);
    expect(storageErrorOf(() => engine.queryViolationsByFile('src/a.ts')).code).toBe('OUT_OF_RANGE');
    raw.prepare('UPDATE violations SET line = ?').run(2 ** 32 - 1);
    expect(engine.queryAllViolations().map((v) => v.line)).toEqual([2 ** 32 - 1]);
  });
});

describe('parseIntegerId', () => {
  it("parses like Rust's i64 parse and falls back to 0", () => {
    expect(parseIntegerId('17')).toBe(17);
    expect(parseIntegerId('+17')).toBe(17);
    expect(parseIntegerId('-17')).toBe(-17);
    expect(parseIntegerId('0017')).toBe(17);
    expect(parseIntegerId('9223372036854775807')).toBe(9223372036854775807n);
    expect(parseIntegerId('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(parseIntegerId('9223372036854775808')).toBe(0);
    expect(parseIntegerId('9007199254740991')).toBe(9007199254740991);
    expect(parseIntegerId('9007199254740992')).toBe(9007199254740992n);
    for (const bad of ['', '+', '-', ' 1', '1 ', '1.5', '1e3', '0x10', '١٢', 'abc']) {
      expect(parseIntegerId(bad)).toBe(0);
    }
  });
});
