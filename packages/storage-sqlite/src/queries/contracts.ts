import type { ContractRow, IDriftStructural } from '@drift/storage-traits';
import { insertStatement, selectList } from '@drift/storage-traits/queries';
import { contractMismatches, contracts } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// contracts: the endpoints a source file provides or consumes, keyed by id.

/** The `contracts` columns selected as {@link ContractRow} fields (no conversion needed). */
export const CONTRACT_FIELDS = selectList(contracts, [
  'id',
  'paradigm',
  'sourceFile',
  'framework',
  'confidence',
  'endpoints',
]);

const CONTRACT_BY_ID = statement((id: string) =>
  qb.selectFrom('contracts').select(CONTRACT_FIELDS).where('id', '=', id),
);
const CONTRACTS_BY_PARADIGM = statement((paradigm: string) =>
  qb.selectFrom('contracts').select(CONTRACT_FIELDS).where('paradigm', '=', paradigm),
);
// INSERT OR REPLACE in the reference (queries/structural.rs upsert_contract, batch/writer.rs): both
// timestamps start over at their DEFAULT.
/** Replaces or inserts a contract (also the batch sink's `InsertContracts`). */
export const CONTRACT_REPLACE = insertStatement(contracts, { mode: 'replace' });

// contract_mismatches: append-only; id and created_at come from the store.

const MISMATCH_FIELDS = selectList(contractMismatches);

/** Inserts a contract mismatch (also the batch sink's `InsertContractMismatches`). */
export const CONTRACT_MISMATCH_INSERT = insertStatement(contractMismatches, { mode: 'insert' });
const MISMATCHES_NEWEST_FIRST = statement(() =>
  qb.selectFrom('contract_mismatches').select(MISMATCH_FIELDS).orderBy('created_at', 'desc'),
);
const MISMATCHES_BY_TYPE = statement((mismatchType: string) =>
  qb
    .selectFrom('contract_mismatches')
    .select(MISMATCH_FIELDS)
    .where('mismatch_type', '=', mismatchType)
    .orderBy('created_at', 'desc'),
);

/**
 * The {@link IDriftStructural} methods on `contracts` and `contract_mismatches` that only read, by method
 * name; the engine runs each on a read-only connection after checking its arguments.
 */
export const contractReads = defineReads<IDriftStructural>()({
  getContract: (r, id) => r.get(CONTRACT_BY_ID, [id]) ?? null,
  getContractsByParadigm: (r, paradigm) => r.all(CONTRACTS_BY_PARADIGM, [paradigm]),
  queryContractMismatches: (r) => r.all(MISMATCHES_NEWEST_FIRST),
  queryContractMismatchesByType: (r, mismatchType) => r.all(MISMATCHES_BY_TYPE, [mismatchType]),
});

/**
 * The {@link IDriftStructural} methods on `contracts` and `contract_mismatches` that write, by method name;
 * the engine runs each on its one writer connection after checking its arguments.
 */
export const contractWrites = defineWrites<IDriftStructural>()({
  upsertContract: (w, row) => {
    w.run(CONTRACT_REPLACE.statement, CONTRACT_REPLACE.args(row));
  },
  insertContractMismatch: (w, row) => {
    w.run(CONTRACT_MISMATCH_INSERT.statement, CONTRACT_MISMATCH_INSERT.args(row));
  },
});
