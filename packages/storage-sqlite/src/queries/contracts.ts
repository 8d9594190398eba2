import type { ContractMismatchInsertRow, ContractRow, IDriftStructural } from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, replaceInto, statement } from '../statements.js';

// contracts: the endpoints a source file provides or consumes, keyed by id.

/** The `contracts` columns selected as {@link ContractRow} fields (no conversion needed). */
export const CONTRACT_FIELDS = [
  'id',
  'paradigm',
  'source_file as sourceFile',
  'framework',
  'confidence',
  'endpoints',
] as const;

const CONTRACT_BY_ID = statement(qb.selectFrom('contracts').select(CONTRACT_FIELDS).where('id', '=', arg(0)));
const CONTRACTS_BY_PARADIGM = statement(
  qb.selectFrom('contracts').select(CONTRACT_FIELDS).where('paradigm', '=', arg(0)),
);
// INSERT OR REPLACE in the reference (queries/structural.rs upsert_contract, batch/writer.rs): both
// timestamps start over at their DEFAULT.
/** Replaces or inserts a contract (also the batch sink's `InsertContracts`). */
export const CONTRACT_REPLACE = statement(
  replaceInto('contracts').values({
    id: arg(0),
    paradigm: arg(1),
    source_file: arg(2),
    framework: arg(3),
    confidence: arg(4),
    endpoints: arg(5),
  }),
);

/** The arguments of {@link CONTRACT_REPLACE} for a row. */
export function contractArgs(row: ContractRow): unknown[] {
  return [row.id, row.paradigm, row.sourceFile, row.framework, row.confidence, row.endpoints];
}

// contract_mismatches: append-only; id and created_at come from the store.

const MISMATCH_FIELDS = [
  'id',
  'backend_endpoint as backendEndpoint',
  'frontend_call as frontendCall',
  'mismatch_type as mismatchType',
  'severity',
  'message',
  'created_at as createdAt',
] as const;

/** Inserts a contract mismatch (also the batch sink's `InsertContractMismatches`). */
export const CONTRACT_MISMATCH_INSERT = statement(
  qb.insertInto('contract_mismatches').values({
    backend_endpoint: arg(0),
    frontend_call: arg(1),
    mismatch_type: arg(2),
    severity: arg(3),
    message: arg(4),
  }),
);
/** The arguments of {@link CONTRACT_MISMATCH_INSERT} for a row. */
export function contractMismatchArgs(row: ContractMismatchInsertRow): unknown[] {
  return [row.backendEndpoint, row.frontendCall, row.mismatchType, row.severity, row.message];
}
const MISMATCHES_NEWEST_FIRST = statement(
  qb.selectFrom('contract_mismatches').select(MISMATCH_FIELDS).orderBy('created_at', 'desc'),
);
const MISMATCHES_BY_TYPE = statement(
  qb
    .selectFrom('contract_mismatches')
    .select(MISMATCH_FIELDS)
    .where('mismatch_type', '=', arg(0))
    .orderBy('created_at', 'desc'),
);

/** Contract reads of {@link IDriftStructural}. */
export const contractReads = defineReads<IDriftStructural>()({
  getContract: (r, id) => r.get(CONTRACT_BY_ID, [id]) ?? null,
  getContractsByParadigm: (r, paradigm) => r.all(CONTRACTS_BY_PARADIGM, [paradigm]),
  queryContractMismatches: (r) => r.all(MISMATCHES_NEWEST_FIRST),
  queryContractMismatchesByType: (r, mismatchType) => r.all(MISMATCHES_BY_TYPE, [mismatchType]),
});

/** Contract writes of {@link IDriftStructural}. */
export const contractWrites = defineWrites<IDriftStructural>()({
  upsertContract: (w, row) => {
    w.run(CONTRACT_REPLACE, contractArgs(row));
  },
  insertContractMismatch: (w, row) => {
    w.run(CONTRACT_MISMATCH_INSERT, contractMismatchArgs(row));
  },
});
