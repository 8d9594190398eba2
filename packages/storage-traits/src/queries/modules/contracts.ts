import type { ContractRow, IDriftStructural } from '../../index.js';
import { contractMismatches, contracts } from '../../schema/index.js';
import { insertStatement, selectList } from '../database.js';
import { defineReads, defineWrites, effect, every, first } from '../methods.js';
import { sharedStatement } from '../statement.js';

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

const CONTRACT_BY_ID = sharedStatement((d, id: string) =>
  d.db.selectFrom('contracts').select(CONTRACT_FIELDS).where('id', '=', id),
);
// dialect: no ORDER BY (as the reference): SQLite answers in its scan order; PostgreSQL's is
// unspecified: add `ORDER BY id`.
const CONTRACTS_BY_PARADIGM = sharedStatement((d, paradigm: string) =>
  d.db.selectFrom('contracts').select(CONTRACT_FIELDS).where('paradigm', '=', paradigm),
);
// INSERT OR REPLACE in the reference (queries/structural.rs upsert_contract, batch/writer.rs): both
// timestamps start over at their DEFAULT.
/** Replaces or inserts a contract (also the batch sink's `InsertContracts`). */
export const CONTRACT_REPLACE = insertStatement(contracts, { mode: 'replace' });

// contract_mismatches: append-only; id and created_at come from the store.

const MISMATCH_FIELDS = selectList(contractMismatches);

/** Inserts a contract mismatch (also the batch sink's `InsertContractMismatches`). */
export const CONTRACT_MISMATCH_INSERT = insertStatement(contractMismatches, { mode: 'insert' });
// dialect: mismatches created in the same second come back in SQLite's scan order (rowid);
// PostgreSQL: add `id` (ascending) as a second key.
const MISMATCHES_NEWEST_FIRST = sharedStatement((d) =>
  d.db.selectFrom('contract_mismatches').select(MISMATCH_FIELDS).orderBy('created_at', 'desc'),
);
const MISMATCHES_BY_TYPE = sharedStatement((d, mismatchType: string) =>
  d.db
    .selectFrom('contract_mismatches')
    .select(MISMATCH_FIELDS)
    .where('mismatch_type', '=', mismatchType)
    .orderBy('created_at', 'desc'),
);

/**
 * The {@link IDriftStructural} methods on `contracts` and `contract_mismatches` that only read, by
 * method name.
 */
export const contractReads = defineReads<IDriftStructural>()({
  getContract: first(CONTRACT_BY_ID),
  getContractsByParadigm: every(CONTRACTS_BY_PARADIGM),
  queryContractMismatches: every(MISMATCHES_NEWEST_FIRST),
  queryContractMismatchesByType: every(MISMATCHES_BY_TYPE),
});

/**
 * The {@link IDriftStructural} methods on `contracts` and `contract_mismatches` that write, by method
 * name.
 */
export const contractWrites = defineWrites<IDriftStructural>()({
  upsertContract: effect(CONTRACT_REPLACE.statement, CONTRACT_REPLACE.args),
  insertContractMismatch: effect(CONTRACT_MISMATCH_INSERT.statement, CONTRACT_MISMATCH_INSERT.args),
});
