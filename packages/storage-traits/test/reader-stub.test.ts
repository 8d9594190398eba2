import { describe, expect, it } from 'vitest';
import { DRIFT_READER_METHODS, StorageError } from '../src/index.js';
import { DriftReaderStub } from '../src/testing/index.js';

describe('DriftReaderStub', () => {
  it('answers null for every keyed method and 0 for the count until told otherwise', () => {
    const stub = new DriftReaderStub();
    for (const method of DRIFT_READER_METHODS) {
      const answer =
        method === 'countMatchingPatterns'
          ? stub.countMatchingPatterns(['a'])
          : (stub[method] as (k: string) => unknown)('a');
      expect(answer, method).toBe(method === 'countMatchingPatterns' ? 0 : null);
    }
  });

  it('answers what was set, per key', () => {
    const stub = new DriftReaderStub()
      .setPatternConfidence('auth_check', 0.85)
      .setConstraintVerified('c1', false)
      .setErrorHandlingGaps('src/', 3)
      .setDnaHealth(0.72)
      .setLatestScanTimestamp('1763000000');
    expect(stub.patternConfidence('auth_check')).toBe(0.85);
    expect(stub.patternConfidence('other')).toBeNull();
    expect(stub.constraintVerified('c1')).toBe(false);
    expect(stub.errorHandlingGaps('src/')).toBe(3);
    expect(stub.dnaHealth()).toBe(0.72);
    expect(stub.latestScanTimestamp()).toBe('1763000000');
  });

  it('counts matching patterns like an engine unless a count is fixed', () => {
    const stub = new DriftReaderStub().setPatternConfidence('a', 0.5).setPatternConfidence('b', 0.6);
    expect(stub.countMatchingPatterns(['a', 'b', 'c', 'a'])).toBe(2);
    expect(stub.setMatchingPatternCount(9).countMatchingPatterns([])).toBe(9);
  });

  it('throws the configured error from a failing method only', () => {
    const error = new StorageError('BUSY', 'reader busy');
    const stub = new DriftReaderStub().setCouplingMetric('m', 0.4).failOn('couplingMetric', error);
    expect(() => stub.couplingMetric('m')).toThrow(error);
    expect(stub.dnaHealth()).toBeNull();
    expect(stub.clearFailures().couplingMetric('m')).toBe(0.4);
  });
});
