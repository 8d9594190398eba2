// The bindings check their arguments with the seam's vocabulary (requireArgument / optionalArgument
// of @drift/storage-traits): the one message form, and a string that would reach the storage with a
// lone surrogate is refused by the binding itself, in the seam's words, before anything is written.

import { join } from 'node:path';
import { isStorageError } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import type { DriftAnalyzer, DriftNapi } from '../src/index.js';
import { failureOf, napiFixture, projectFixture, tempFolder } from './helpers/napi-fixture.js';

/** A runtime over a temp drift.db. */
function initialized() {
  const fixture = napiFixture();
  fixture.napi.driftInitialize(join(tempFolder(), 'drift.db'));
  return fixture;
}

const lone = (unit: string, index: number) =>
  `must be well-formed Unicode text, got a string with a lone surrogate (U+${unit}) at index ${index}`;

describe('a lone surrogate in a string the storage would get', () => {
  const CASES: readonly [name: string, call: (napi: DriftNapi) => unknown, message: string][] = [
    [
      'driftFixViolation',
      (n) => n.driftFixViolation('v\ud800'),
      `driftFixViolation: violationId ${lone('D800', 1)}`,
    ],
    [
      'driftSuppressViolation (its id)',
      (n) => n.driftSuppressViolation('\udc00', 'why'),
      `driftSuppressViolation: violationId ${lone('DC00', 0)}`,
    ],
    [
      'driftSuppressViolation (its reason)',
      (n) => n.driftSuppressViolation('v-1', 'why\ud83d'),
      `driftSuppressViolation: reason ${lone('D83D', 3)}`,
    ],
    [
      'driftDismissViolation (its id)',
      (n) => n.driftDismissViolation({ violationId: 'v\ud800', action: 'dismiss' }),
      `driftDismissViolation: input.violationId ${lone('D800', 1)}`,
    ],
    [
      'driftDismissViolation (its reason)',
      (n) => n.driftDismissViolation({ violationId: 'v-1', action: 'dismiss', reason: '\ude00!' }),
      `driftDismissViolation: input.reason ${lone('DE00', 0)}`,
    ],
    [
      'driftApprovePattern (its id)',
      (n) => n.driftApprovePattern('p\ud800', 'approved', null),
      `driftApprovePattern: patternId ${lone('D800', 1)}`,
    ],
    [
      'driftApprovePattern (its reason)',
      (n) => n.driftApprovePattern('p-1', 'approved', 'ok\ud800'),
      `driftApprovePattern: reason ${lone('D800', 2)}`,
    ],
    [
      'driftPatternStatus',
      (n) => n.driftPatternStatus('\ud800'),
      `driftPatternStatus: statusFilter ${lone('D800', 0)}`,
    ],
    ['driftPatterns', (n) => n.driftPatterns('c\ud800'), `driftPatterns: category ${lone('D800', 1)}`],
    [
      'driftConfidence (its tier)',
      (n) => n.driftConfidence('\ud800'),
      `driftConfidence: tier ${lone('D800', 0)}`,
    ],
    [
      'driftConfidence (its page key, with a tier)',
      (n) => n.driftConfidence('High', 'p\ud800'),
      `driftConfidence: afterId ${lone('D800', 1)}`,
    ],
    ['driftOutliers', (n) => n.driftOutliers('\ud800'), `driftOutliers: patternId ${lone('D800', 0)}`],
    [
      'driftConventions',
      (n) => n.driftConventions('\ud800'),
      `driftConventions: category ${lone('D800', 0)}`,
    ],
    [
      'driftReachability (its key)',
      (n) => n.driftReachability('f\ud800', 'forward'),
      `driftReachability: functionKey ${lone('D800', 1)}`,
    ],
    [
      'driftReachability (its direction)',
      (n) => n.driftReachability('f', 'forward\ud800'),
      `driftReachability: direction ${lone('D800', 7)}`,
    ],
  ];

  it.each(CASES)('%s: refused by the binding, naming it and the argument', async (_, call, message) => {
    const { napi, engine } = initialized();
    const error = await failureOf(() => call(napi));
    expect(isStorageError(error, 'INVALID_INPUT')).toBe(true);
    expect((error as Error).message).toBe(`[INVALID_ARGUMENT] ${message}`);
    const [operation, field] = message.split(' ', 2) as [string, string];
    expect([(error as { operation?: string }).operation, (error as { field?: string }).field]).toEqual([
      operation.slice(0, -1),
      field,
    ]);
    // Nothing was written.
    expect(engine().queryFeedbackStats().totalCount).toBe(0);
    expect(engine().queryPatternStatuses(null)).toEqual([]);
  });

  it('is taken where the reference only compares the string or never reads it, as before', async () => {
    const { napi } = initialized();
    expect(napi.driftViolations('root\ud800')).toEqual([]);
    expect(napi.driftGates('\udc00')).toEqual([]);
    const report = await failureOf(() => napi.driftReport('json\ud800'));
    expect((report as Error).message).toBe(
      "[INVALID_ARGUMENT] Unknown report format: 'json\ud800'. Supported: sarif, json, html, junit, sonarqube, console, github, gitlab",
    );
    // An id with a lone surrogate after the status check: the status is checked as the reference does.
    const status = await failureOf(() => napi.driftApprovePattern('p-1', 'maybe\ud800', null));
    expect((status as Error).message).toBe(
      "[INVALID_ARGUMENT] Invalid status 'maybe\ud800'. Must be one of: approved, ignored, discovered",
    );
    // Without a tier the page key is never read.
    expect(napi.driftConfidence(undefined, 'p\ud800')).toEqual({
      has_more: false,
      next_cursor: null,
      scores: [],
    });
  });
});

describe('the one message form at the bindings', () => {
  it.each([
    [
      (n: DriftNapi) => n.driftFixViolation(7 as never),
      '[INVALID_ARGUMENT] driftFixViolation: violationId must be a string, got the number 7',
    ],
    [
      (n: DriftNapi) => n.driftPatterns(['a'] as never),
      '[INVALID_ARGUMENT] driftPatterns: category must be a string when given, got an array of 1 element',
    ],
    [
      (n: DriftNapi) => n.driftPatterns(undefined, undefined, '5' as never),
      '[INVALID_ARGUMENT] driftPatterns: limit must be a number when given, got the string "5"',
    ],
    [
      (n: DriftNapi) => n.driftCloudReadRows('file_metadata', 'drift', 1n as never),
      '[INVALID_ARGUMENT] driftCloudReadRows: afterCursor must be a number when given, got the bigint 1n',
    ],
    [
      (n: DriftNapi) => n.driftGC(undefined, '' as never),
      '[INVALID_ARGUMENT] driftGC: mediumDays must be a number of days, got an empty string',
    ],
    [
      (n: DriftNapi) => n.driftApprovePattern('p', 'approved', {} as never),
      '[INVALID_ARGUMENT] driftApprovePattern: reason must be a string when given, got an object',
    ],
  ])('%#', async (call, message) => {
    const { napi } = initialized();
    expect(((await failureOf(() => call(napi))) as Error).message).toBe(message);
  });
});

describe("what an analyzer returns is named by the seam's describeValue", () => {
  it('extractContracts answering something other than an array', async () => {
    const { root } = projectFixture();
    for (const [answer, described] of [
      ['none', 'the string "none"'],
      [{}, 'an object'],
      [undefined, 'undefined'],
    ] as const) {
      const analyzer: DriftAnalyzer = { extractContracts: () => answer as never };
      const { napi } = napiFixture(analyzer);
      expect(((await failureOf(() => napi.driftContractTracking(root))) as Error).message).toBe(
        `[INVALID_ARGUMENT] driftContractTracking: the analyzer's extractContracts must return an array, got ${described}`,
      );
    }
  });

  it('an analysis step answering something other than an object of rows', async () => {
    const { root, dbPath } = projectFixture();
    const analyzer: DriftAnalyzer = { name: 'fake', detect: () => [] as never };
    const { napi } = napiFixture(analyzer);
    napi.driftInitialize(dbPath, root);
    await napi.driftScan(root);
    expect(((await failureOf(() => napi.driftAnalyze())) as Error).message).toBe(
      "[INVALID_ARGUMENT] driftAnalyze: the analyzer 'fake' returned an empty array from step 'detect'; expected an object of rows",
    );
  });
});
