import {
  type Async,
  BATCH_COMMAND_TYPES,
  BATCH_COMMANDS,
  type BatchCommand,
  type BatchCommandRows,
  type BatchCommandType,
  batchCommand,
  DRIFT_BATCH_WRITER_METHODS,
  type DriftStorage,
  encodeBatchCommand,
  WRITE_STATS_KEYS,
  type WriteStats,
} from '@drift/storage-traits';
import { sampleBatchCommands, sampleRow } from '@drift/storage-traits/testing';
import {
  BIG,
  type ConformanceApi,
  EVENTUALLY_HANG_GUARD_MS,
  eventually,
  expectDistinctRowIds,
  expectMethods,
  expectSame,
  expectStamp,
  expectStorageError,
  type GroupContext,
  nowSeconds,
  omit,
  omitAll,
  sendAndFlush,
  sendRaw,
  sortBy,
  UNICODE,
} from '../support.js';
import { storedFileMetadata } from './files.js';

type Rows<T extends BatchCommandType> = BatchCommandRows[T][];

/** How one command is checked: the rows it sends, and how they must read back. */
interface CommandCase<T extends BatchCommandType> {
  /** Rows to send (sample rows with nulls, unicode and large integers, plus extremes). */
  readonly rows: () => Rows<T>;
  /** Writes whatever the command needs first (through the batch too). */
  readonly before?: (s: Async<DriftStorage>) => Promise<void>;
  /** Reads the rows back through the trait read methods and compares every field. */
  readonly verify: (
    s: Async<DriftStorage>,
    rows: Rows<T>,
    window: { from: number; to: number },
  ) => Promise<void>;
}

type CommandCases = { readonly [T in BatchCommandType]: CommandCase<T> };

const samples = <T extends BatchCommandType>(type: T, indexes: readonly number[]): Rows<T> =>
  indexes.map((i) => sampleRow(type, i));

function commandCases(api: ConformanceApi): CommandCases {
  const { expect } = api;
  return {
    UpsertFileMetadata: {
      rows: () => samples('UpsertFileMetadata', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows)
          expectSame(api, await s.getFileMetadata(row.path), storedFileMetadata(row), row.path);
      },
    },
    InsertParseCache: {
      rows: () => [
        ...samples('InsertParseCache', [0, 1]),
        { ...sampleRow('InsertParseCache', 2), createdAt: BIG },
      ],
      verify: async (s, rows) => {
        for (const row of rows) expectSame(api, await s.getParseCacheByHash(row.contentHash), row);
      },
    },
    InsertFunctions: {
      rows: () =>
        samples('InsertFunctions', [0, 1, 3]).map((r, i) =>
          i === 2 ? { ...r, line: BIG, endLine: BIG + 9 } : r,
        ),
      verify: async (s, rows) => {
        const ids: number[] = [];
        for (const row of rows) {
          const stored = await s.getFunctionsByFile(row.file);
          expectSame(api, omitAll(stored, 'id'), [row]);
          ids.push(...stored.map((r) => r.id));
        }
        expectDistinctRowIds(api, ids);
      },
    },
    DeleteFileMetadata: {
      before: async (s) => {
        await sendAndFlush(s, batchCommand('UpsertFileMetadata', samples('UpsertFileMetadata', [0, 1, 3])));
      },
      rows: () => samples('DeleteFileMetadata', [0, 3]),
      verify: async (s, rows) => {
        for (const path of rows) expect(await s.getFileMetadata(path), path).toBeNull();
        expectSame(api, await s.loadAllFileMetadata(), [
          storedFileMetadata(sampleRow('UpsertFileMetadata', 1)),
        ]);
      },
    },
    InsertCallEdges: {
      rows: () => [
        ...samples('InsertCallEdges', [0, 1]),
        { ...sampleRow('InsertCallEdges', 2), callerId: BIG, callSiteLine: BIG },
      ],
      verify: async (s, rows) => {
        for (const row of rows) expectSame(api, await s.getEdgesByCaller(row.callerId), [row]);
      },
    },
    InsertDetections: {
      rows: () => samples('InsertDetections', [0, 1, 3]),
      verify: async (s, rows, { from, to }) => {
        for (const row of rows) {
          const stored = await s.getDetectionsByFile(row.file);
          expectSame(api, omitAll(stored, 'id', 'createdAt'), [row]);
          expectStamp(api, stored[0]?.createdAt, from, to, 'detection createdAt');
        }
      },
    },
    InsertBoundaries: {
      rows: () => samples('InsertBoundaries', [0, 1, 3]),
      verify: async (s, rows, { from, to }) => {
        for (const row of rows) {
          const stored = await s.getBoundariesByFile(row.file);
          expectSame(api, omitAll(stored, 'id', 'createdAt'), [row]);
          expectStamp(api, stored[0]?.createdAt, from, to, 'boundary createdAt');
        }
      },
    },
    InsertPatternConfidence: {
      rows: () => samples('InsertPatternConfidence', [0, 1, 3]),
      verify: async (s, rows, { from, to }) => {
        const stored = sortBy(await s.queryAllConfidence(), (r) => r.patternId);
        expectSame(
          api,
          omitAll(stored, 'lastUpdated'),
          sortBy(rows, (r) => r.patternId),
        );
        for (const row of stored) expectStamp(api, row.lastUpdated, from, to, 'lastUpdated');
      },
    },
    InsertOutliers: {
      rows: () => samples('InsertOutliers', [0, 1, 3]),
      verify: async (s, rows, { from, to }) => {
        const stored = await s.queryOutliersByPattern('naming/camel-case');
        expectSame(
          api,
          omitAll(stored, 'id', 'createdAt'),
          [...rows].sort((a, b) => b.deviationScore - a.deviationScore),
        );
        for (const row of stored) expectStamp(api, row.createdAt, from, to, 'outlier createdAt');
      },
    },
    InsertConventions: {
      rows: () => samples('InsertConventions', [0, 1, 3]),
      verify: async (s, rows) => {
        const stored = await s.queryAllConventions();
        expectSame(
          api,
          sortBy(omitAll(stored, 'id'), (r) => r.patternId),
          sortBy(rows, (r) => r.patternId),
        );
        expectDistinctRowIds(
          api,
          stored.map((r) => r.id),
        );
      },
    },
    InsertScanHistory: {
      rows: () => [...samples('InsertScanHistory', [0, 3]), { startedAt: BIG, rootPath: `/home/${UNICODE}` }],
      verify: async (s, rows) => {
        const stored = await s.queryRecentScans(10);
        const expected = [...rows]
          .sort((a, b) => b.startedAt - a.startedAt)
          .map((r) => ({
            ...r,
            completedAt: null,
            totalFiles: null,
            addedFiles: null,
            modifiedFiles: null,
            removedFiles: null,
            unchangedFiles: null,
            durationMs: null,
            status: 'running',
            error: null,
          }));
        expectSame(api, omitAll(stored, 'id'), expected);
        expectDistinctRowIds(
          api,
          stored.map((r) => r.id),
        );
      },
    },
    InsertDataAccess: {
      rows: () => samples('InsertDataAccess', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows) {
          const stored = await s.queryDataAccessByFunction(row.functionId);
          expectSame(api, omitAll(stored, 'id'), [row]);
        }
      },
    },
    InsertReachabilityCache: {
      rows: () => samples('InsertReachabilityCache', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows) expectSame(api, await s.getReachability(row.sourceNode, row.direction), row);
      },
    },
    InsertTaintFlows: {
      rows: () => samples('InsertTaintFlows', [0, 1, 3]),
      verify: async (s, rows) => {
        const stored = await s.getTaintFlowsByFile(rows[1]!.sourceFile); // row 1's source is row 0's sink
        expectSame(
          api,
          sortBy(omitAll(stored, 'id'), (r) => r.sourceLine),
          [rows[0], rows[1]],
        );
        const all = [...stored, ...(await s.getTaintFlowsByFile(rows[2]!.sourceFile))];
        expectDistinctRowIds(
          api,
          all.map((r) => r.id),
        );
      },
    },
    InsertErrorGaps: {
      rows: () => samples('InsertErrorGaps', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows) {
          const stored = await s.getErrorGapsByFile(row.file);
          expectSame(api, omitAll(stored, 'id'), [row]);
          expectDistinctRowIds(
            api,
            stored.map((r) => r.id),
          );
        }
      },
    },
    InsertImpactScores: {
      rows: () => samples('InsertImpactScores', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows) expectSame(api, await s.getImpactScore(row.functionId), row);
      },
    },
    InsertTestQuality: {
      rows: () => samples('InsertTestQuality', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows) expectSame(api, await s.getTestQuality(row.functionId), row);
      },
    },
    InsertCouplingMetrics: {
      rows: () => samples('InsertCouplingMetrics', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows) expectSame(api, await s.getCouplingMetrics(row.module), row);
      },
    },
    InsertCouplingCycles: {
      rows: () => samples('InsertCouplingCycles', [0, 1, 3]),
      verify: async (s, rows, { from, to }) => {
        const stored = await s.queryCouplingCycles();
        expectSame(
          api,
          sortBy(omitAll(stored, 'id', 'createdAt'), (r) => r.members),
          sortBy(rows, (r) => r.members),
        );
        for (const row of stored) expectStamp(api, row.createdAt, from, to, 'cycle createdAt');
      },
    },
    InsertViolations: {
      rows: () => samples('InsertViolations', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows) {
          const { columnNum, ...rest } = row;
          expectSame(api, await s.queryViolationsByFile(row.file), [{ ...rest, column: columnNum }]);
        }
      },
    },
    InsertGateResults: {
      rows: () => samples('InsertGateResults', [0, 1, 2]), // three distinct gates
      verify: async (s, rows, { from, to }) => {
        const stored = await s.queryGateResults();
        expectSame(
          api,
          omitAll(stored, 'runAt'),
          sortBy(rows, (r) => r.gateId),
        );
        for (const row of stored) expectStamp(api, row.runAt, from, to, 'gate runAt');
      },
    },
    InsertDegradationAlerts: {
      rows: () => samples('InsertDegradationAlerts', [0, 1, 3]),
      verify: async (s, rows, { from, to }) => {
        const stored = await s.queryRecentDegradationAlerts(10);
        expectSame(
          api,
          sortBy(omitAll(stored, 'id', 'createdAt'), (r) => r.message),
          sortBy(rows, (r) => r.message),
        );
        for (const row of stored) expectStamp(api, row.createdAt, from, to, 'alert createdAt');
      },
    },
    InsertWrappers: {
      rows: () => samples('InsertWrappers', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows) expectSame(api, omitAll(await s.getWrappersByFile(row.file), 'id'), [row]);
      },
    },
    InsertCryptoFindings: {
      rows: () => samples('InsertCryptoFindings', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows)
          expectSame(api, omitAll(await s.getCryptoFindingsByFile(row.file), 'id'), [row]);
      },
    },
    InsertDnaGenes: {
      rows: () => samples('InsertDnaGenes', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows) expectSame(api, await s.getDnaGene(row.geneId), row);
      },
    },
    InsertDnaMutations: {
      rows: () => samples('InsertDnaMutations', [0, 1, 2]), // genes gene-0 (0, 2) and gene-1 (1)
      verify: async (s, rows) => {
        const asStored = (r: BatchCommandRows['InsertDnaMutations']) => ({
          ...r,
          resolved: false,
          resolvedAt: null,
        });
        expectSame(
          api,
          sortBy(await s.getDnaMutationsByGene('gene-0'), (r) => r.id),
          [asStored(rows[0]!), asStored(rows[2]!)],
        );
        expectSame(api, await s.getDnaMutationsByGene('gene-1'), [asStored(rows[1]!)]);
      },
    },
    InsertSecrets: {
      rows: () => samples('InsertSecrets', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows) expectSame(api, omitAll(await s.getSecretsByFile(row.file), 'id'), [row]);
      },
    },
    InsertConstants: {
      rows: () => samples('InsertConstants', [0, 1, 3]),
      verify: async (s, rows, { from, to }) => {
        for (const row of rows) {
          const stored = await s.queryConstantsByFile(row.file);
          expectSame(api, omitAll(stored, 'id', 'createdAt'), [row]);
          expectStamp(api, stored[0]?.createdAt, from, to, 'constant createdAt');
        }
      },
    },
    InsertEnvVariables: {
      rows: () => samples('InsertEnvVariables', [0, 1, 3]),
      verify: async (s, rows, { from, to }) => {
        for (const row of rows) {
          const stored = await s.queryEnvVariablesByFile(row.file);
          expectSame(api, omitAll(stored, 'id', 'createdAt'), [row]);
          expectStamp(api, stored[0]?.createdAt, from, to, 'env createdAt');
        }
      },
    },
    InsertOwaspFindings: {
      rows: () => samples('InsertOwaspFindings', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows) expectSame(api, await s.getOwaspFindingsByFile(row.file), [row]);
      },
    },
    InsertDecompositionDecisions: {
      rows: () => samples('InsertDecompositionDecisions', [0, 1, 2]), // hashes dna-0 (0, 2) and dna-1 (1)
      verify: async (s, rows) => {
        expectSame(
          api,
          sortBy(omitAll(await s.getDecompositionDecisions('dna-0'), 'id'), (r) => r.sourceDnaHash),
          [rows[0], rows[2]],
        );
        expectSame(api, omitAll(await s.getDecompositionDecisions('dna-1'), 'id'), [rows[1]]);
      },
    },
    InsertContracts: {
      rows: () => samples('InsertContracts', [0, 1, 3]),
      verify: async (s, rows) => {
        for (const row of rows) expectSame(api, await s.getContract(row.id), row);
      },
    },
    InsertContractMismatches: {
      rows: () => samples('InsertContractMismatches', [0, 1, 3]),
      verify: async (s, rows, { from, to }) => {
        const stored = await s.queryContractMismatches();
        expectSame(
          api,
          sortBy(omitAll(stored, 'id', 'createdAt'), (r) => r.backendEndpoint),
          sortBy(rows, (r) => r.backendEndpoint),
        );
        for (const row of stored) expectStamp(api, row.createdAt, from, to, 'mismatch createdAt');
      },
    },
  };
}

/** Counters grown between two `WriteStats`. */
function grown(before: WriteStats, after: WriteStats): Record<keyof WriteStats, number> {
  const out = {} as Record<keyof WriteStats, number>;
  for (const key of WRITE_STATS_KEYS) out[key] = after[key] - before[key];
  return out;
}

/** Registers the batch tests: every command through `sendBatch` and `sendRaw`, isolation, stats. */
export function batchGroup(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;
  const cases = commandCases(api);

  test('exposes every IDriftBatchWriter method', async (s) => {
    expectMethods(api, s, DRIFT_BATCH_WRITER_METHODS);
  });

  test('stats() answers counters that are all numbers, none negative', async (s) => {
    const stats = await s.stats();
    for (const key of WRITE_STATS_KEYS) {
      expect(Number.isSafeInteger(stats[key]), `${key} is an integer`).toBe(true);
      expect(stats[key], key).toBeGreaterThanOrEqual(0);
    }
  });

  test('CT0-B-03: a detection queued with sendRaw is committed by flushSync and getDetectionsByFile answers it field for field', async (s) => {
    const from = nowSeconds();
    const row = {
      file: 'src/lib.rs',
      line: 10,
      columnNum: 0,
      patternId: 'pat_001',
      category: 'naming',
      confidence: 0.9,
      detectionMethod: 'ast',
      cweIds: null,
      owasp: null,
      matchedText: null,
    };
    await s.sendRaw('InsertDetections', encodeBatchCommand(batchCommand('InsertDetections', [row])));
    await s.flushSync();
    const stored = await s.getDetectionsByFile('src/lib.rs');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.patternId).toBe('pat_001');
    expect(stored[0]!.confidence).toBe(0.9);
    expectSame(api, omit(stored[0]!, 'id', 'createdAt'), row);
    expectStamp(api, stored[0]!.createdAt, from, nowSeconds(), 'createdAt');
  });

  for (const type of BATCH_COMMAND_TYPES) {
    test(`${type}: rows sent through sendRaw read back with every field, and are counted`, async (s) => {
      const c = cases[type] as unknown as CommandCase<BatchCommandType>;
      await c.before?.(s);
      const rows = c.rows();
      const start = await s.stats();
      const from = nowSeconds();
      const stats = await sendAndFlush(s, { type, rows } as unknown as BatchCommand);
      const key = BATCH_COMMANDS[type];
      expect(stats[key] - start[key], `${key} grew by the rows committed`).toBe(rows.length);
      expect(stats.flushes - start.flushes, 'at least one flush').toBeGreaterThanOrEqual(1);
      expect(stats.failedCommands - start.failedCommands, 'no failed command').toBe(0);
      await c.verify(s, rows, { from, to: nowSeconds() });
    });
  }

  test('one flushSync commits a batch of every insert command and counts each', async (s) => {
    const commands = sampleBatchCommands(2).filter((c) => c.type !== 'DeleteFileMetadata');
    const start = await s.stats();
    const stats = await sendAndFlush(s, ...commands);
    const delta = grown(start, stats);
    for (const command of commands) {
      expect(delta[BATCH_COMMANDS[command.type]], command.type).toBe(command.rows.length);
    }
    expect(delta.failedCommands).toBe(0);
    expect(await s.countFiles()).toBe(2);
    expect(await s.countDetections()).toBe(2);
    expect(await s.countConstants()).toBe(2);
    expect(await s.countEnvVariables()).toBe(2);
    expect(await s.countDataAccess()).toBe(2);
    expect(await s.countCallEdges()).toBe(2);
    expect(await s.countBoundaries()).toBe(2);
    expect(await s.countScans()).toBe(2);
    expect(await s.countParseCache()).toBe(2);
    expect(await s.countFunctions()).toBe(2);
    expectSame(api, await s.stats(), stats, 'stats() answers what the last flushSync answered');
  });

  test('commands commit in the order they were sent', async (s) => {
    const a = sampleRow('UpsertFileMetadata', 0);
    const b = sampleRow('UpsertFileMetadata', 1);
    const a2 = { ...a, fileSize: 4242, contentHash: new Uint8Array([9, 9, 9]) };
    await sendAndFlush(
      s,
      batchCommand('UpsertFileMetadata', [a, b]),
      batchCommand('DeleteFileMetadata', [b.path]),
      batchCommand('UpsertFileMetadata', [a2]),
    );
    expectSame(api, await s.loadAllFileMetadata(), [storedFileMetadata(a2)]);
  });

  test('what sendRaw accepted is what is committed: changing the payload afterwards changes nothing', async (s) => {
    const row = { ...sampleRow('InsertDetections', 6), file: 'accepted.ts', line: 3 };
    const payload = encodeBatchCommand(batchCommand('InsertDetections', [row]));
    await s.sendRaw('InsertDetections', payload);
    payload.fill(0x20); // the caller reuses its buffer: now it is all spaces, no command at all
    const stats = await s.flushSync();
    expect(stats.failedCommands, 'no failed command').toBe(0);
    const stored = await s.getDetectionsByFile('accepted.ts');
    expect(stored.map((d) => d.line)).toEqual([3]);
    expect(stored[0]!.patternId).toBe(row.patternId);
  });

  test('flush() commits without being awaited for the commit', async (s) => {
    const row = sampleRow('InsertDetections', 5);
    await sendRaw(s, batchCommand('InsertDetections', [row]));
    await s.flush();
    const visible = await eventually(async () => (await s.getDetectionsByFile(row.file)).length === 1);
    expect(
      visible,
      `the queued detection became visible after flush() (polled for up to ${EVENTUALLY_HANG_GUARD_MS / 1000} s: a hang guard, not a speed limit)`,
    ).toBe(true);
    await s.flushSync();
    expect(await s.countDetections()).toBe(1);
  });

  test('sendRaw refuses an unknown command or a malformed payload with INVALID_INPUT and writes nothing', async (s) => {
    const good = encodeBatchCommand(batchCommand('InsertDetections', [sampleRow('InsertDetections', 0)]));
    await expectStorageError(api, s.sendRaw('InsertNothing', good), 'INVALID_INPUT');
    await expectStorageError(
      api,
      s.sendRaw('InsertDetections', new TextEncoder().encode('{"rows": 42}')),
      'INVALID_INPUT',
    );
    await expectStorageError(
      api,
      s.sendRaw('InsertDetections', new Uint8Array([0xff, 0xfe, 0x00])),
      'INVALID_INPUT',
    );
    await expectStorageError(api, s.sendRaw('InsertBoundaries', good), 'INVALID_INPUT');
    const truncated = good.subarray(0, good.length - 3);
    await expectStorageError(api, s.sendRaw('InsertDetections', truncated), 'INVALID_INPUT');
    // A row the reference could not read back: drift-storage queries/enforcement.rs reads a
    // violation's line as u32 (its batch row takes an i64); and a JSON escape of a lone surrogate.
    const wire = (type: 'InsertViolations' | 'InsertDetections', patch: Record<string, unknown>) => {
      const envelope = JSON.parse(
        new TextDecoder().decode(encodeBatchCommand({ type, rows: [sampleRow(type, 0)] } as BatchCommand)),
      ) as { rows: Record<string, unknown>[] };
      Object.assign(envelope.rows[0]!, patch);
      return new TextEncoder().encode(JSON.stringify(envelope));
    };
    await expectStorageError(
      api,
      s.sendRaw('InsertViolations', wire('InsertViolations', { line: 2 ** 32 })),
      'INVALID_INPUT',
    );
    await expectStorageError(
      api,
      s.sendRaw('InsertViolations', wire('InsertViolations', { line: -1 })),
      'INVALID_INPUT',
    );
    await expectStorageError(
      api,
      s.sendRaw('InsertDetections', wire('InsertDetections', { matchedText: '\ud83d' })),
      'INVALID_INPUT',
    );
    const stats = await s.flushSync();
    expect(stats.failedCommands).toBe(0);
    expect(await s.countDetections()).toBe(0);
    expect(await s.countBoundaries()).toBe(0);
    expect(await s.queryAllViolations()).toEqual([]);
  });

  test('a flushSync with nothing queued succeeds and commits nothing', async (s) => {
    const start = await s.stats();
    const stats = await s.flushSync();
    const delta = grown(start, stats);
    for (const key of WRITE_STATS_KEYS) if (key !== 'flushes') expect(delta[key], key).toBe(0);
    expect(await s.countFiles()).toBe(0);
  });

  test('shutdown() commits what is queued, answers the final counters, and later sends fail', async (s) => {
    const start = await s.stats();
    const rows = samples('InsertDetections', [0, 1, 2]);
    await sendRaw(s, batchCommand('InsertDetections', rows));
    const final = await s.shutdown();
    expect(final.detectionRows - start.detectionRows).toBe(3);
    await expectStorageError(
      api,
      s.sendRaw('InsertDetections', encodeBatchCommand(batchCommand('InsertDetections', rows))),
    );
  });

  test('rows written through the batch and through trait methods are the same rows', async (s) => {
    await sendAndFlush(s, batchCommand('InsertViolations', samples('InsertViolations', [0, 2])));
    const trait = { ...sampleRow('InsertViolations', 4), id: 'v-trait' };
    const { columnNum, ...rest } = trait;
    await s.insertViolation({ ...rest, column: columnNum });
    const all = await s.queryAllViolations();
    expect(sortBy(all, (r) => r.id).map((r) => r.id)).toEqual(['v-0', 'v-2', 'v-trait']);
    // a batch row replaces a trait row with the same id
    await sendAndFlush(s, batchCommand('InsertViolations', [{ ...trait, message: 'from batch' }]));
    const replaced = (await s.queryAllViolations()).find((r) => r.id === 'v-trait');
    expect(replaced?.message).toBe('from batch');
    expect(await s.queryAllViolations()).toHaveLength(3);
  });
}
