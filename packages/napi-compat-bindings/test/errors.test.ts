import { join } from 'node:path';
import { describeValue, isStorageError, StorageError } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import { quoteInput } from '../src/bindings/args.js';
import {
  ADVANCED_FUNCTIONS,
  ADVANCED_NOT_SUPPORTED_REASON,
  ASYNC_FUNCTIONS,
  BRIDGE_FUNCTIONS,
  BRIDGE_NOT_SUPPORTED_REASON,
  closeDriftNapi,
  createDriftNapi,
  DRIFT_NAPI_FUNCTIONS,
  type DriftNapiFunctionName,
  MAX_MESSAGE_LENGTH,
  MAX_QUOTED_LENGTH,
  RUNTIME_NOT_INITIALIZED_MESSAGE,
} from '../src/index.js';
import { failureOf, napiFixture, tempFolder } from './helpers/napi-fixture.js';

/**
 * The code Drift's MCP server files an error under: drift-mcp/src/infrastructure/error_handler.ts
 * (`ErrorHandler.extractCode`) takes the upper-case code in brackets at the very start of the message,
 * and UNKNOWN when there is none.
 */
function mcpCode(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^\[([A-Z_]+)\]/.exec(message)?.[1] ?? 'UNKNOWN';
}

/** Arguments of the right types for every function, so that only the runtime state can fail a call. */
const VALID_ARGS: Record<DriftNapiFunctionName, readonly unknown[]> = {
  driftInitialize: [],
  driftShutdown: [],
  driftIsInitialized: [],
  driftGC: [],
  driftScan: ['.'],
  driftScanWithProgress: ['.', undefined, () => {}],
  driftCancelScan: [],
  driftAnalyze: [],
  driftCallGraph: [],
  driftBoundaries: [],
  driftValidatePack: ['[framework]\nname = "x"\nlanguages = []\n'],
  driftPatterns: [],
  driftConfidence: [],
  driftOutliers: [],
  driftConventions: [],
  driftReachability: ['fn:1', 'forward'],
  driftTaintAnalysis: ['.'],
  driftErrorHandling: ['.'],
  driftImpactAnalysis: ['.'],
  driftTestTopology: ['.'],
  driftCouplingAnalysis: ['.'],
  driftConstraintVerification: ['.'],
  driftContractTracking: ['.'],
  driftConstantsAnalysis: ['.'],
  driftWrapperDetection: ['.'],
  driftDnaAnalysis: ['.'],
  driftOwaspAnalysis: ['.'],
  driftCryptoAnalysis: ['.'],
  driftDecomposition: ['.'],
  driftCheck: ['.'],
  driftAudit: ['.'],
  driftViolations: ['.'],
  driftGates: ['.'],
  driftReport: ['json'],
  driftApprovePattern: ['p', 'approved', null],
  driftPatternStatus: [null],
  driftDismissViolation: [{ violationId: 'v1', action: 'dismiss' }],
  driftFixViolation: ['v1'],
  driftSuppressViolation: ['v1', 'why'],
  driftSimulate: ['refactor', 'split module', '{}'],
  driftDecisions: ['.'],
  driftContext: ['understand', 'shallow', '{}'],
  driftGenerateSpec: ['{}'],
  driftBridgeStatus: [],
  driftBridgeGroundMemory: ['m1', 'semantic'],
  driftBridgeGroundAll: [],
  driftBridgeGroundingHistory: ['m1', 5],
  driftBridgeTranslateLink: ['p1', 'Pattern', 0.8],
  driftBridgeTranslateConstraintLink: ['c1', 'Constraint'],
  driftBridgeEventMappings: [],
  driftBridgeGroundability: ['semantic'],
  driftBridgeLicenseCheck: ['grounding'],
  driftBridgeIntents: [],
  driftBridgeAdaptiveWeights: ['{}'],
  driftBridgeSpecCorrection: ['{}'],
  driftBridgeContractVerified: ['mod', true, 'api', 'shape', 0.5],
  driftBridgeDecompositionAdjusted: ['mod', 'split', 'abc'],
  driftBridgeExplainSpec: ['m1'],
  driftBridgeCounterfactual: ['m1'],
  driftBridgeIntervention: ['m1'],
  driftBridgeHealth: [],
  driftBridgeUnifiedNarrative: ['m1'],
  driftBridgePruneCausal: [],
  driftBridgeGroundAfterAnalyze: [],
  driftCloudReadRows: ['violations', 'drift'],
  driftCloudMaxCursor: ['drift'],
};

/**
 * The functions whose reference implementation does not call `runtime::get()` (read from
 * drift-napi/src/bindings/*.rs): lifecycle.rs drift_initialize and drift_is_initialized, scanner.rs
 * drift_cancel_scan, analysis.rs drift_validate_pack, the four of advanced.rs, and structural.rs
 * drift_contract_tracking (which re-parses the project; see the README's Deviations for ours).
 */
const WITHOUT_RUNTIME: ReadonlySet<DriftNapiFunctionName> = new Set<DriftNapiFunctionName>([
  'driftInitialize',
  'driftIsInitialized',
  'driftCancelScan',
  'driftValidatePack',
  'driftContractTracking',
  ...ADVANCED_FUNCTIONS,
]);

const unusedFactory = (): never => {
  throw new Error('no storage is opened by these calls');
};

function call(napi: Record<string, unknown>, name: DriftNapiFunctionName): unknown {
  return (napi[name] as (...args: unknown[]) => unknown)(...VALID_ARGS[name]);
}

describe('before driftInitialize', () => {
  it('every function that needs the runtime fails with the reference message, code RUNTIME_NOT_INITIALIZED', async () => {
    const napi = createDriftNapi({ storageFactory: unusedFactory });
    const needing = DRIFT_NAPI_FUNCTIONS.filter((name) => !WITHOUT_RUNTIME.has(name));
    // 66 functions less the 9 that do not call runtime::get().
    expect(needing).toHaveLength(57);
    for (const name of needing) {
      let outcome: unknown;
      try {
        outcome = call(napi as unknown as Record<string, unknown>, name);
      } catch (error) {
        // runtime.rs `get`: "[RUNTIME_NOT_INITIALIZED] DriftRuntime not initialized. Call driftInitialize() first."
        expect(ASYNC_FUNCTIONS.has(name), `${name} threw instead of rejecting`).toBe(false);
        expect(isStorageError(error, 'INVALID_INPUT'), `${name}: ${String(error)}`).toBe(true);
        expect((error as Error).message, name).toBe(RUNTIME_NOT_INITIALIZED_MESSAGE);
        expect(mcpCode(error), name).toBe('RUNTIME_NOT_INITIALIZED');
        continue;
      }
      expect(outcome, `${name} did not fail`).toBeInstanceOf(Promise);
      const error = await (outcome as Promise<unknown>).then(
        () => new Error(`${name} resolved`),
        (e: unknown) => e,
      );
      expect(isStorageError(error, 'INVALID_INPUT'), `${name}: ${String(error)}`).toBe(true);
      expect((error as Error).message, name).toBe(RUNTIME_NOT_INITIALIZED_MESSAGE);
    }
  });

  it('the functions the reference runs without a runtime work, except the advanced ones this build lacks', async () => {
    const napi = createDriftNapi({ storageFactory: unusedFactory });
    expect(napi.driftIsInitialized()).toBe(false);
    // scanner.rs drift_cancel_scan only sets a flag and returns Ok(()).
    expect(napi.driftCancelScan()).toBeUndefined();
    // analysis.rs drift_validate_pack needs no runtime.
    expect(napi.driftValidatePack('[framework]\nname = "x"\nlanguages = []\n').valid).toBe(true);
    for (const name of ADVANCED_FUNCTIONS) {
      const error = await failureOf(() => call(napi as unknown as Record<string, unknown>, name));
      expect(isStorageError(error, 'NOT_SUPPORTED')).toBe(true);
      expect((error as Error).message).toBe(
        `[INTERNAL_ERROR] operation '${name}' is not supported: ${ADVANCED_NOT_SUPPORTED_REASON}`,
      );
    }
  });
});

describe('codes of the situations the reference names (error_codes.rs and the bindings)', () => {
  it('a second driftInitialize: ALREADY_INITIALIZED; bad configuration: CONFIG_ERROR; storage: STORAGE_ERROR', async () => {
    const { napi } = napiFixture();
    const dir = tempFolder();
    // runtime.rs DriftRuntime::new: from_toml failure is "[CONFIG_ERROR] {e}" (ConfigError::ParseError
    // displays "Config parse error in <string>: ..."), before anything is created.
    const config = await failureOf(() => napi.driftInitialize(join(dir, 'a.db'), undefined, 'scan = ['));
    expect(mcpCode(config)).toBe('CONFIG_ERROR');
    expect((config as Error).message).toMatch(
      /^\[CONFIG_ERROR\] Config parse error in <string>: TOML parse error at line 1/,
    );
    // runtime.rs: a storage engine that does not open is "[STORAGE_ERROR] {e}".
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      join(dir, 'text.db'),
      'not a database, only text that is long enough for a header check......',
    );
    const storage = await failureOf(() => napi.driftInitialize(join(dir, 'text.db')));
    expect(mcpCode(storage)).toBe('STORAGE_ERROR');
    expect(isStorageError(storage, 'CORRUPT')).toBe(true);

    napi.driftInitialize(join(dir, 'drift.db'));
    // runtime.rs initialize: "[ALREADY_INITIALIZED] DriftRuntime already initialized".
    const again = await failureOf(() => napi.driftInitialize(join(dir, 'drift.db')));
    expect((again as Error).message).toBe('[ALREADY_INITIALIZED] DriftRuntime already initialized');
    expect(isStorageError(again, 'INVALID_INPUT')).toBe(true);
  });

  it('an invalid status: INVALID_ARGUMENT with the reference text; bridge functions: INIT_ERROR', async () => {
    const { napi } = napiFixture();
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    // enforcement.rs drift_approve_pattern.
    const status = await failureOf(() => napi.driftApprovePattern('p', 'maybe', null));
    expect((status as Error).message).toBe(
      "[INVALID_ARGUMENT] Invalid status 'maybe'. Must be one of: approved, ignored, discovered",
    );
    expect(isStorageError(status, 'INVALID_INPUT')).toBe(true);
    // bridge.rs get_bridge_runtime: with no bridge, "[INIT_ERROR] Bridge not initialized. ...".
    for (const name of BRIDGE_FUNCTIONS) {
      const error = await failureOf(() => call(napi as unknown as Record<string, unknown>, name));
      expect(isStorageError(error, 'NOT_SUPPORTED'), name).toBe(true);
      expect(mcpCode(error), name).toBe('INIT_ERROR');
      expect((error as Error).message).toBe(
        `[INIT_ERROR] Bridge not initialized: operation '${name}' is not supported: ${BRIDGE_NOT_SUPPORTED_REASON}`,
      );
    }
  });

  it('a failure of the storage itself is STORAGE_ERROR, keeping the StorageError and its code', async () => {
    const { napi, engine } = napiFixture();
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    engine().close(); // the engine under the runtime is gone: every read fails with CLOSED
    const error = await failureOf(() => napi.driftViolations('.'));
    expect(error).toBeInstanceOf(StorageError);
    expect(isStorageError(error, 'CLOSED')).toBe(true);
    expect(mcpCode(error)).toBe('STORAGE_ERROR');
    expect((error as Error).message).toMatch(/^\[STORAGE_ERROR\] driftViolations: /);
    const rejected = await failureOf(() => napi.driftCallGraph());
    expect(mcpCode(rejected)).toBe('STORAGE_ERROR');
    expect((rejected as Error).message).toMatch(/^\[STORAGE_ERROR\] driftCallGraph: /);
  });

  it('bad arguments are INVALID_ARGUMENT naming the function called, options included', async () => {
    const { napi } = napiFixture();
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    const type = await failureOf(() => napi.driftFixViolation(7 as never));
    expect((type as Error).message).toBe(
      '[INVALID_ARGUMENT] driftFixViolation: violationId must be a string, got the number 7',
    );
    // A field of ScanOptions is checked where napi-rs converts it; the message names driftScan.
    const option = await failureOf(() => napi.driftScan(tempFolder(), { include: 7 } as never));
    expect(mcpCode(option)).not.toBe('UNKNOWN');
    expect((option as Error).message).toMatch(/^\[INVALID_ARGUMENT\] driftScan: options\.include /);
    // A root that does not exist is no failure: the reference's walker skips the error and the scan
    // resolves empty (drift-analysis scanner/walker.rs; see the Deviations table for what it keeps).
    const missing = await napi.driftScan(join(tempFolder(), 'missing'));
    expect([missing.status, missing.filesTotal]).toEqual(['complete', 0]);
  });

  it('an exception of injected code becomes a StorageError with INTERNAL_ERROR and the original as cause', async () => {
    const thrown = new TypeError('the analyzer broke');
    const { napi } = napiFixture({
      name: 'broken',
      detect: () => {
        throw thrown;
      },
    });
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const root = tempFolder();
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src/a.ts'), 'export const a = 1;\n');
    await napi.driftScan(root);
    const error = await failureOf(() => napi.driftAnalyze());
    expect(isStorageError(error)).toBe(true);
    expect((error as Error).message).toBe('[INTERNAL_ERROR] driftAnalyze: TypeError: the analyzer broke');
    expect((error as Error).cause).toBe(thrown);
  });
});

describe('messages (issue 13)', () => {
  it('never echo a huge input: the quote is cut and says how long the input was', async () => {
    const { napi } = napiFixture();
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    const huge = 'x'.repeat(1_000_000);
    const error = await failureOf(() => napi.driftApprovePattern('p', huge, null));
    const message = (error as Error).message;
    expect(message.length).toBeLessThan(400);
    expect(message).toContain(`${'x'.repeat(MAX_QUOTED_LENGTH)}… (1000000 characters)`);
    expect(quoteInput('short')).toBe('short');
    // A surrogate pair at the cut is not split.
    const emoji = `${'a'.repeat(MAX_QUOTED_LENGTH - 1)}😀tail`;
    expect(quoteInput(emoji)).toBe(`${'a'.repeat(MAX_QUOTED_LENGTH - 1)}… (${emoji.length} characters)`);
  });

  it('every message is capped, whatever produced it', async () => {
    const { napi } = napiFixture({
      name: 'loud',
      detect: () => {
        throw new Error('y'.repeat(50_000));
      },
    });
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    const { writeFileSync } = await import('node:fs');
    const root = tempFolder();
    writeFileSync(join(root, 'a.ts'), 'export const a = 1;\n');
    await napi.driftScan(root);
    const message = ((await failureOf(() => napi.driftAnalyze())) as Error).message;
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(message).toMatch(
      /^\[INTERNAL_ERROR\] driftAnalyze: Error: y+… \(message cut: \d+ characters in all\)$/,
    );
  });

  it("name each type with the right article (the seam's describeValue)", () => {
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([])).toBe('an empty array');
    expect(describeValue({})).toBe('an object');
    expect(describeValue('')).toBe('an empty string');
    expect(describeValue('abc')).toBe('the string "abc"');
    expect(describeValue(4)).toBe('the number 4');
    expect(describeValue(true)).toBe('the boolean true');
    expect(describeValue(5n)).toBe('the bigint 5n');
    expect(describeValue(() => 1)).toBe('a function');
    expect(describeValue(Symbol('s'))).toBe('a symbol');
  });

  it('an undefined argument reads "got undefined"', async () => {
    const { napi } = napiFixture();
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    const error = await failureOf(() => napi.driftSuppressViolation('v1', undefined as never));
    expect((error as Error).message).toBe(
      '[INVALID_ARGUMENT] driftSuppressViolation: reason must be a string, got undefined',
    );
  });
});

describe('the object createDriftNapi returns', () => {
  it('is a plain mutable object like the native exports: a client can replace or wrap a function', () => {
    const { napi } = napiFixture();
    expect(Object.isFrozen(napi)).toBe(false);
    expect(Object.getPrototypeOf(napi)).toBe(Object.prototype);
    for (const name of DRIFT_NAPI_FUNCTIONS) {
      const descriptor = Object.getOwnPropertyDescriptor(napi, name);
      expect(descriptor, name).toMatchObject({ writable: true, enumerable: true, configurable: true });
      expect((napi[name] as { name: string }).name).toBe(name);
    }
    const original = napi.driftIsInitialized;
    napi.driftIsInitialized = () => true;
    expect(napi.driftIsInitialized()).toBe(true);
    napi.driftIsInitialized = original;
    expect(napi.driftIsInitialized()).toBe(false);
    const spread = { ...napi };
    expect(Object.keys(spread).sort()).toEqual([...DRIFT_NAPI_FUNCTIONS].sort());
  });

  it('closeDriftNapi releases the storage and leaves the object uninitialized', () => {
    const { napi, engine } = napiFixture();
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    const first = engine() as unknown as { isClosed(): boolean };
    closeDriftNapi(napi);
    expect(first.isClosed()).toBe(true);
    expect(napi.driftIsInitialized()).toBe(false);
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    expect(napi.driftIsInitialized()).toBe(true);
    expect(() => closeDriftNapi({} as never)).toThrow(/createDriftNapi/);
    closeDriftNapi(napi);
    closeDriftNapi(napi); // nothing open: nothing to do
  });
});

describe('5 MB arguments (issue 13): every message names the binding or is a reference text, and is bounded', () => {
  const HUGE = 'x'.repeat(5_000_000);
  const SAYS_LENGTH = `${'x'.repeat(MAX_QUOTED_LENGTH)}… (5000000 characters)`;
  /** How describeValue names HUGE: its length, then its first characters quoted. */
  const HUGE_DESCRIBED = `a string of 5000000 characters ("${'x'.repeat(MAX_QUOTED_LENGTH)}…")`;
  /** Message starts the reference gives with a fixed text, which names no function. */
  const REFERENCE_TEXTS = [
    "[INVALID_ARGUMENT] Invalid status '",
    "[INVALID_FILTER] Unknown db '",
    '[INVALID_FILTER] Invalid table name: ',
    "[INVALID_ARGUMENT] Unknown report format: '",
    '[CONFIG_ERROR] Config parse error in <string>: ',
    '[INIT_ERROR] Failed to create ',
    '[STORAGE_ERROR] SQLite error: Failed to prepare query for ',
  ];

  it('driftScan / driftScanWithProgress: a bad option names the function and says how long the input was', async () => {
    const { napi } = napiFixture();
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    const cases: [() => unknown, string][] = [
      [() => napi.driftScan('.', HUGE as never), 'driftScan: options must be an object (ScanOptions)'],
      [
        () => napi.driftScan('.', { maxFileSize: HUGE } as never),
        'driftScan: options.maxFileSize must be a number when given',
      ],
      [
        () => napi.driftScan('.', { include: HUGE } as never),
        'driftScan: options.include must be an array of strings when given',
      ],
      [
        () => napi.driftScan('.', { extraIgnore: HUGE } as never),
        'driftScan: options.extraIgnore must be an array of strings when given',
      ],
      [
        () => napi.driftScan('.', { include: ['src/**', HUGE.length] } as never),
        'driftScan: options.include[1] must be a string',
      ],
      [
        () => napi.driftScan('.', { forceFull: HUGE } as never),
        'driftScan: options.forceFull must be a boolean when given',
      ],
      [
        () => napi.driftScan('.', { followSymlinks: HUGE } as never),
        'driftScan: options.followSymlinks must be a boolean when given',
      ],
      [
        () => napi.driftScanWithProgress('.', { maxFileSize: HUGE } as never, () => {}),
        'driftScanWithProgress: options.maxFileSize must be a number when given',
      ],
      [
        () => napi.driftScanWithProgress('.', undefined, HUGE as never),
        'driftScanWithProgress: onProgress must be a function',
      ],
    ];
    for (const [call, start] of cases) {
      const message = ((await failureOf(call)) as Error).message;
      const got = start.endsWith('[1] must be a string') ? 'the number 5000000' : HUGE_DESCRIBED;
      expect(message).toBe(`[INVALID_ARGUMENT] ${start}, got ${got}`);
      expect(message.length).toBeLessThan(400);
    }
  });

  it('configToml with a 5 MB value or key path: the quote is cut and says how long it was', async () => {
    const { napi } = napiFixture();
    const dir = tempFolder();
    const value = await failureOf(() =>
      napi.driftInitialize(join(dir, 'a.db'), undefined, `[scan]\nmax_file_size = "${HUGE}"\n`),
    );
    expect((value as Error).message).toBe(
      `[CONFIG_ERROR] Config parse error in <string>: invalid type: string "${SAYS_LENGTH}", expected u64 for key \`scan.max_file_size\``,
    );
    const key = await failureOf(() =>
      napi.driftInitialize(join(dir, 'a.db'), undefined, `[analysis.${HUGE}]\nx = 99999999999999999999\n`),
    );
    const message = (key as Error).message;
    expect(message.length, message.slice(0, 120)).toBeLessThan(400);
    expect(message).toContain(
      `analysis.${'x'.repeat(MAX_QUOTED_LENGTH - 'analysis.'.length)}… (5000011 characters)`,
    );
    expect(String((key as StorageError).field).length).toBeLessThan(400);
  });

  it('a 5 MB dbPath: the file system error the storage passes on is cut, and names driftInitialize', async () => {
    const { napi } = napiFixture();
    const dir = tempFolder();
    const error = await failureOf(() => napi.driftInitialize(join(dir, HUGE)));
    const message = (error as Error).message;
    expect(message).toMatch(/^\[STORAGE_ERROR\] driftInitialize: /);
    expect(message.length).toBeLessThan(400);
    expect(message).toContain(`characters)`);
    expect(message).not.toContain('x'.repeat(MAX_QUOTED_LENGTH + 1));
    expect(napi.driftIsInitialized()).toBe(false);
  });

  it('every function, a 5 MB string or an object in each argument: bounded, bracketed, named', async () => {
    const { napi } = napiFixture();
    const dir = tempFolder();
    napi.driftInitialize(join(dir, 'drift.db'), dir);
    const call = napi as unknown as Record<string, (...args: unknown[]) => unknown>;
    let failures = 0;
    for (const name of DRIFT_NAPI_FUNCTIONS) {
      if (name === 'driftShutdown') continue;
      const valid = VALID_ARGS[name];
      for (let position = 0; position < Math.max(valid.length, 1) + 1; position += 1) {
        for (const bad of [HUGE, { [HUGE]: HUGE }, [HUGE]]) {
          const args = [...valid];
          args[position] = bad;
          let message: string | null = null;
          try {
            await call[name]?.(...args);
          } catch (error) {
            expect(isStorageError(error), name).toBe(true);
            message = (error as Error).message;
          }
          if (message === null) continue;
          failures += 1;
          const where = `${name}[${position}]: ${message.slice(0, 100)}`;
          expect(message.length, where).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
          expect(message, where).not.toContain('x'.repeat(MAX_QUOTED_LENGTH + 1));
          expect(message, where).toMatch(/^\[[A-Z_]+\] /);
          const named =
            message.includes(name) ||
            REFERENCE_TEXTS.some((start) => message?.startsWith(start)) ||
            message === RUNTIME_NOT_INITIALIZED_MESSAGE;
          expect(named, where).toBe(true);
        }
      }
    }
    expect(failures).toBeGreaterThan(100);
  });
});
