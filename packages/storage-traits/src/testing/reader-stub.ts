import type { IDriftReader } from '../drift-reader.js';

type KeyedMethod =
  | 'patternConfidence'
  | 'patternOccurrenceRate'
  | 'falsePositiveRate'
  | 'constraintVerified'
  | 'couplingMetric'
  | 'testCoverage'
  | 'errorHandlingGaps'
  | 'decisionEvidence'
  | 'boundaryData'
  | 'taintFlowRisk'
  | 'callGraphCoverage';

/**
 * In-memory {@link IDriftReader} test double (the reference's `IDriftReaderStub`). Every method answers
 * null (or 0) until a value is set for its key; `failOn` makes a method throw, to test callers'
 * handling of partial evidence.
 */
export class DriftReaderStub implements IDriftReader {
  readonly #values = new Map<KeyedMethod, Map<string, number | boolean>>();
  readonly #failures = new Map<keyof IDriftReader, unknown>();
  #dnaHealth: number | null = null;
  #matchingPatternCount: number | null = null;
  #latestScan: string | null = null;

  #set(method: KeyedMethod, key: string, value: number | boolean): this {
    const map = this.#values.get(method) ?? new Map<string, number | boolean>();
    this.#values.set(method, map);
    map.set(key, value);
    return this;
  }

  #get<T extends number | boolean>(method: KeyedMethod, key: string): T | null {
    this.#maybeFail(method);
    return (this.#values.get(method)?.get(key) as T | undefined) ?? null;
  }

  #maybeFail(method: keyof IDriftReader): void {
    if (this.#failures.has(method)) throw this.#failures.get(method);
  }

  /** Makes `method` throw `error` on every call until {@link DriftReaderStub.clearFailures}. */
  failOn(method: keyof IDriftReader, error: unknown): this {
    this.#failures.set(method, error);
    return this;
  }

  /** Removes every failure set with {@link DriftReaderStub.failOn}. */
  clearFailures(): this {
    this.#failures.clear();
    return this;
  }

  /**
   * Makes `patternConfidence(patternId)` answer `value` (null for an unset id); also counts for
   * `countMatchingPatterns`. Chainable.
   */
  setPatternConfidence(patternId: string, value: number): this {
    return this.#set('patternConfidence', patternId, value);
  }
  /** Makes `patternOccurrenceRate(patternId)` answer `value` (null for an unset id). Chainable. */
  setOccurrenceRate(patternId: string, value: number): this {
    return this.#set('patternOccurrenceRate', patternId, value);
  }
  /** Makes `falsePositiveRate(patternId)` answer `value` (null for an unset id). Chainable. */
  setFalsePositiveRate(patternId: string, value: number): this {
    return this.#set('falsePositiveRate', patternId, value);
  }
  /** Makes `constraintVerified(constraintId)` answer `value` (null for an unset id). Chainable. */
  setConstraintVerified(constraintId: string, value: boolean): this {
    return this.#set('constraintVerified', constraintId, value);
  }
  /** Makes `couplingMetric(module)` answer `value` (null for an unset module). Chainable. */
  setCouplingMetric(module: string, value: number): this {
    return this.#set('couplingMetric', module, value);
  }
  /** Makes `dnaHealth()` answer `value` (null until set). Chainable. */
  setDnaHealth(value: number): this {
    this.#dnaHealth = value;
    return this;
  }
  /** Makes `testCoverage(functionId)` answer `value` (null for an unset id). Chainable. */
  setTestCoverage(functionId: string, value: number): this {
    return this.#set('testCoverage', functionId, value);
  }
  /**
   * Makes `errorHandlingGaps(filePrefix)` answer `count` for exactly that prefix (no prefix matching, unlike
   * an engine). Chainable.
   */
  setErrorHandlingGaps(filePrefix: string, count: number): this {
    return this.#set('errorHandlingGaps', filePrefix, count);
  }
  /** Makes `decisionEvidence(decisionId)` answer `value` (null for an unset id). Chainable. */
  setDecisionEvidence(decisionId: string, value: number): this {
    return this.#set('decisionEvidence', decisionId, value);
  }
  /** Makes `boundaryData(boundaryId)` answer `value` (null for an unset id). Chainable. */
  setBoundaryData(boundaryId: string, value: number): this {
    return this.#set('boundaryData', boundaryId, value);
  }
  /**
   * Makes `taintFlowRisk(file)` answer `count`, matched on the exact path (null for an unset file).
   * Chainable.
   */
  setTaintFlowRisk(file: string, count: number): this {
    return this.#set('taintFlowRisk', file, count);
  }
  /** Makes `callGraphCoverage(functionId)` answer `value` (null for an unset id). Chainable. */
  setCallGraphCoverage(functionId: string, value: number): this {
    return this.#set('callGraphCoverage', functionId, value);
  }
  /**
   * Fixes the answer of `countMatchingPatterns`. Unset, it counts the distinct given ids that have a
   * pattern confidence, as an engine does.
   */
  setMatchingPatternCount(count: number): this {
    this.#matchingPatternCount = count;
    return this;
  }
  /** Makes `latestScanTimestamp()` answer `timestamp`, as given (null until set). Chainable. */
  setLatestScanTimestamp(timestamp: string): this {
    this.#latestScan = timestamp;
    return this;
  }

  patternConfidence(patternId: string): number | null {
    return this.#get('patternConfidence', patternId);
  }
  patternOccurrenceRate(patternId: string): number | null {
    return this.#get('patternOccurrenceRate', patternId);
  }
  falsePositiveRate(patternId: string): number | null {
    return this.#get('falsePositiveRate', patternId);
  }
  constraintVerified(constraintId: string): boolean | null {
    return this.#get('constraintVerified', constraintId);
  }
  couplingMetric(module: string): number | null {
    return this.#get('couplingMetric', module);
  }
  dnaHealth(): number | null {
    this.#maybeFail('dnaHealth');
    return this.#dnaHealth;
  }
  testCoverage(functionId: string): number | null {
    return this.#get('testCoverage', functionId);
  }
  errorHandlingGaps(filePrefix: string): number | null {
    return this.#get('errorHandlingGaps', filePrefix);
  }
  decisionEvidence(decisionId: string): number | null {
    return this.#get('decisionEvidence', decisionId);
  }
  boundaryData(boundaryId: string): number | null {
    return this.#get('boundaryData', boundaryId);
  }
  taintFlowRisk(file: string): number | null {
    return this.#get('taintFlowRisk', file);
  }
  callGraphCoverage(functionId: string): number | null {
    return this.#get('callGraphCoverage', functionId);
  }
  countMatchingPatterns(patternIds: readonly string[]): number {
    this.#maybeFail('countMatchingPatterns');
    if (this.#matchingPatternCount !== null) return this.#matchingPatternCount;
    const known = this.#values.get('patternConfidence');
    return new Set(patternIds.filter((id) => known?.has(id))).size;
  }
  latestScanTimestamp(): string | null {
    this.#maybeFail('latestScanTimestamp');
    return this.#latestScan;
  }
}
