import { advancedGroup } from './groups/advanced.js';
import { analysisGroup } from './groups/analysis.js';
import { batchGroup } from './groups/batch.js';
import { concurrencyGroup } from './groups/concurrency.js';
import { enforcementGroup } from './groups/enforcement.js';
import { filesGroup } from './groups/files.js';
import { paginationGroup } from './groups/pagination.js';
import { readerGroup } from './groups/reader.js';
import { servingGroup } from './groups/serving.js';
import { structuralGroup } from './groups/structural.js';
import {
  CONFORMANCE_GROUPS,
  type ConformanceApi,
  type ConformanceFactory,
  type ConformanceGroup,
  type ConformanceOptions,
  type GroupContext,
  groupContext,
} from './support.js';

export {
  access,
  BIG,
  constant,
  constraint,
  contract,
  crypto,
  decision,
  envVar,
  gap,
  gene,
  HUGE,
  impact,
  metrics,
  mismatch,
  mutation,
  owasp,
  quality,
  reach,
  secret,
  taint,
  UNI,
  wrapper,
} from './structural-rows.js';
export type {
  ConformanceApi,
  ConformanceBody,
  ConformanceFactory,
  ConformanceGroup,
  ConformanceOptions,
  ConformanceSubject,
  GroupSwitch,
  ServingBody,
} from './support.js';
export { CONFORMANCE_GROUPS } from './support.js';

const GROUPS: Readonly<Record<ConformanceGroup, { title: string; register: (ctx: GroupContext) => void }>> = {
  files: { title: 'IDriftFiles', register: filesGroup },
  analysis: { title: 'IDriftAnalysis', register: analysisGroup },
  structural: { title: 'IDriftStructural', register: structuralGroup },
  enforcement: { title: 'IDriftEnforcement', register: enforcementGroup },
  advanced: { title: 'IDriftAdvanced', register: advancedGroup },
  batch: { title: 'IDriftBatchWriter', register: batchGroup },
  reader: { title: 'IDriftReader', register: readerGroup },
  serving: { title: 'IDriftServing', register: servingGroup },
  pagination: { title: 'pagination and bulk reads', register: paginationGroup },
  concurrency: { title: 'concurrent calls', register: concurrencyGroup },
};

/**
 * Registers the drift storage conformance suite with Vitest: one `describe` per capability group,
 * each test run against a fresh store from `factory` (closed after the test). Every call goes
 * through the asynchronous view and is awaited, so one suite serves synchronous engines (wrapped
 * with `toAsync`) and network backends alike.
 *
 * Skip a group with `{ files: { skip: true, reason: 'why' } }`; the reason is required and shows in
 * the skipped suite's title.
 */
export function driftStorageConformance(
  api: ConformanceApi,
  factory: ConformanceFactory,
  options: ConformanceOptions = {},
): void {
  for (const key of Object.keys(options)) {
    if (key !== 'name' && !(CONFORMANCE_GROUPS as readonly string[]).includes(key)) {
      throw new TypeError(`driftStorageConformance: unknown option '${key}'`);
    }
  }
  // Validated before anything is registered, so a bad option fails at the call, not inside Vitest.
  const skipped = new Map<ConformanceGroup, string>();
  for (const group of CONFORMANCE_GROUPS) {
    const choice = options[group];
    if (choice?.skip !== true) continue;
    const reason = typeof choice.reason === 'string' ? choice.reason.trim() : '';
    if (reason.length === 0) {
      throw new TypeError(`driftStorageConformance: skipping '${group}' needs a written reason`);
    }
    skipped.set(group, reason);
  }
  const ctx = groupContext(api, factory);
  api.describe(options.name ?? 'DriftStorage conformance', () => {
    for (const group of CONFORMANCE_GROUPS) {
      const { title, register } = GROUPS[group];
      const reason = skipped.get(group);
      if (reason === undefined) api.describe(`${title} [${group}]`, () => register(ctx));
      else api.describe.skip(`${title} [${group}] (skipped: ${reason})`, () => register(ctx));
    }
  });
}
