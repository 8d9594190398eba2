import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStorageError } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import {
  ADVANCED_FUNCTIONS,
  ADVANCED_NOT_SUPPORTED_REASON,
  ANALYSIS_FUNCTIONS,
  BRIDGE_FUNCTIONS,
  BRIDGE_NOT_SUPPORTED_REASON,
  CLOUD_FUNCTIONS,
  createDriftNapi,
  DRIFT_NAPI_FUNCTION_COUNT,
  DRIFT_NAPI_FUNCTIONS,
  type DriftNapiFunctionName,
  ENFORCEMENT_FUNCTIONS,
  FEEDBACK_FUNCTIONS,
  GRAPH_FUNCTIONS,
  LIFECYCLE_FUNCTIONS,
  PATTERNS_FUNCTIONS,
  SCANNER_FUNCTIONS,
  STRUCTURAL_FUNCTIONS,
} from '../src/index.js';

const napi = createDriftNapi({
  storageFactory: () => {
    throw new Error('no storage is needed by these tests');
  },
});

/** Plausible arguments, so a failure cannot come from argument handling. */
const SAMPLE_ARGS: Partial<Record<DriftNapiFunctionName, readonly unknown[]>> = {
  driftBridgeGroundMemory: ['m1', 'semantic'],
  driftBridgeGroundingHistory: ['m1', 5],
  driftBridgeTranslateLink: ['p1', 'Pattern', 0.8],
  driftBridgeTranslateConstraintLink: ['c1', 'Constraint'],
  driftBridgeContractVerified: ['mod', true, 'api', 'shape', 0.5],
  driftBridgeDecompositionAdjusted: ['mod', 'split', 'abc'],
  driftSimulate: ['refactor', 'split module', '{}'],
  driftDecisions: ['.'],
  driftContext: ['understand', 'shallow', '{}'],
  driftGenerateSpec: ['{}'],
  driftScanWithProgress: ['.', undefined, () => {}],
  driftDismissViolation: [{ violationId: 'v1', action: 'dismiss' }],
};

function call(name: DriftNapiFunctionName): unknown {
  const fn = napi[name] as (...args: unknown[]) => unknown;
  return fn(...(SAMPLE_ARGS[name] ?? ['x']));
}

/** The error a function fails with, whether thrown or (for async functions) rejected. */
async function failureOf(name: DriftNapiFunctionName): Promise<unknown> {
  let result: unknown;
  try {
    result = call(name);
  } catch (error) {
    return error;
  }
  if (result instanceof Promise) {
    return result.then(
      () => new Error(`${name} resolved`),
      (error: unknown) => error,
    );
  }
  return new Error(`${name} returned ${JSON.stringify(result)}`);
}

describe('the contract', () => {
  // The list is exactly DriftNapi's keys at compile time (keyList, contract.test-d.ts); the
  // exported count is a plain number, so it is checked against the list here.
  it('lists distinct names, frozen, as many as DRIFT_NAPI_FUNCTION_COUNT, as the sum of the groups', () => {
    expect(DRIFT_NAPI_FUNCTIONS).toHaveLength(DRIFT_NAPI_FUNCTION_COUNT);
    expect(new Set(DRIFT_NAPI_FUNCTIONS).size).toBe(DRIFT_NAPI_FUNCTIONS.length);
    expect(Object.isFrozen(DRIFT_NAPI_FUNCTIONS)).toBe(true);
    const groups = [
      [LIFECYCLE_FUNCTIONS, 4],
      [SCANNER_FUNCTIONS, 3],
      [ANALYSIS_FUNCTIONS, 4],
      [PATTERNS_FUNCTIONS, 4],
      [GRAPH_FUNCTIONS, 5],
      [STRUCTURAL_FUNCTIONS, 9],
      [ENFORCEMENT_FUNCTIONS, 7],
      [FEEDBACK_FUNCTIONS, 3],
      [ADVANCED_FUNCTIONS, 4],
      [BRIDGE_FUNCTIONS, 21],
      [CLOUD_FUNCTIONS, 2],
    ] as const;
    for (const [group, size] of groups) expect(group).toHaveLength(size);
    expect(groups.flatMap(([group]) => group)).toEqual([...DRIFT_NAPI_FUNCTIONS]);
  });

  it('createDriftNapi provides every function and nothing else, in a plain mutable object like the native exports', () => {
    expect(Object.keys(napi).sort()).toEqual([...DRIFT_NAPI_FUNCTIONS].sort());
    for (const name of DRIFT_NAPI_FUNCTIONS) expect(typeof napi[name], name).toBe('function');
    expect(Object.isFrozen(napi)).toBe(false);
  });

  it('refuses options without a storage factory', () => {
    expect(() => createDriftNapi({} as never)).toThrow(/storageFactory/);
  });

  it('41 functions are storage-backed: everything outside bridge and advanced', () => {
    const unsupported = new Set<string>([...BRIDGE_FUNCTIONS, ...ADVANCED_FUNCTIONS]);
    expect(DRIFT_NAPI_FUNCTIONS.filter((name) => !unsupported.has(name))).toHaveLength(41);
  });
});

describe('functions this build does not provide fail with NOT_SUPPORTED and say why', () => {
  it(`advanced (${ADVANCED_FUNCTIONS.length}): NOT_SUPPORTED at once (the reference's need no runtime)`, async () => {
    for (const name of ADVANCED_FUNCTIONS) {
      const error = await failureOf(name);
      expect(isStorageError(error, 'NOT_SUPPORTED'), `${name}: ${String(error)}`).toBe(true);
      expect((error as Error).message).toBe(
        `[INTERNAL_ERROR] operation '${name}' is not supported: ${ADVANCED_NOT_SUPPORTED_REASON}`,
      );
      expect((error as { operation?: string }).operation).toBe(name);
    }
  });

  it(`bridge (${BRIDGE_FUNCTIONS.length}): the runtime first, as bridge.rs get_bridge_runtime`, async () => {
    // Before driftInitialize: runtime::get() fails first. After it, the NOT_SUPPORTED failure is in
    // errors.test.ts ([INIT_ERROR] Bridge not initialized ...).
    for (const name of BRIDGE_FUNCTIONS) {
      const error = await failureOf(name);
      expect(isStorageError(error, 'INVALID_INPUT'), `${name}: ${String(error)}`).toBe(true);
      expect((error as Error).message).toMatch(/^\[RUNTIME_NOT_INITIALIZED\] /);
    }
  });

  it('bridge messages name the Cortex bridge (Phase C)', () => {
    expect(BRIDGE_NOT_SUPPORTED_REASON).toContain('provided by the Cortex bridge (Phase C)');
  });

  it('promise-returning functions reject instead of throwing', async () => {
    for (const name of [
      'driftScan',
      'driftAnalyze',
      'driftCallGraph',
      'driftBoundaries',
      'driftSimulate',
    ] as const) {
      const result = call(name);
      expect(result, name).toBeInstanceOf(Promise);
      await expect(result).rejects.toMatchObject({
        code: name === 'driftSimulate' ? 'NOT_SUPPORTED' : 'INVALID_INPUT',
        message: expect.stringMatching(/^\[[A-Z_]+\] /),
      });
    }
    expect(() => call('driftBridgeStatus')).toThrow(/^\[RUNTIME_NOT_INITIALIZED\]/);
    expect(() => call('driftPatterns')).toThrow(/RUNTIME_NOT_INITIALIZED/);
  });
});

describe('source rules', () => {
  const srcDir = fileURLToPath(new URL('../src', import.meta.url));

  function sourceFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((entry) => {
      const full = join(dir, entry);
      return statSync(full).isDirectory() ? sourceFiles(full) : [full];
    });
  }

  it('no file in src/ touches a database driver or query builder, or holds SQL', () => {
    const files = sourceFiles(srcDir);
    expect(files.length).toBeGreaterThan(10);
    const forbidden: [string, RegExp][] = [
      ['better-sqlite3', /better-sqlite3/],
      ['kysely', /\bkysely\b/i],
      ['@drift/storage-sqlite', /@drift\/storage-sqlite/],
      ['SELECT', /\bSELECT\s/],
      ['INSERT INTO', /\bINSERT\s+INTO\b/i],
      ['UPDATE ... SET', /\bUPDATE\s+\w+\s+SET\b/],
      ['DELETE FROM', /\bDELETE\s+FROM\b/i],
      ['PRAGMA', /\bPRAGMA\s/],
      ['CREATE TABLE', /\bCREATE\s+TABLE\b/i],
    ];
    const hits: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [label, pattern] of forbidden) {
        if (pattern.test(text)) hits.push(`${relative(srcDir, file)}: ${label}`);
      }
    }
    expect(hits).toEqual([]);
  });
});
