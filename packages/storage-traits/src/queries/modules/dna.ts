import type { DecompositionDecisionRow, IDriftStructural } from '../../index.js';
import { decompositionDecisions, dnaGenes, dnaMutations } from '../../schema/index.js';
import { decoderOf, insertStatement, selectList } from '../database.js';
import { defineReads, defineWrites, effect, every, first, scalar } from '../methods.js';
import { sharedStatement } from '../statement.js';
import { insertReturningId } from './inserted-id.js';

// dialect: none of the lists below has an ORDER BY (as the reference): SQLite answers in its scan
// order (rowid, or the filtered column's index then rowid); PostgreSQL's order is unspecified: add
// `ORDER BY` the key (`gene_id`, `id`).

// dna_genes: convention dimensions, keyed by gene id.

const GENE_FIELDS = selectList(dnaGenes, [
  'geneId',
  'name',
  'description',
  'dominantAllele',
  'alleles',
  'confidence',
  'consistency',
  'exemplars',
]);

const GENE_BY_ID = sharedStatement((d, geneId: string) =>
  d.db.selectFrom('dna_genes').select(GENE_FIELDS).where('gene_id', '=', geneId),
);
const GENES_ALL = sharedStatement((d) => d.db.selectFrom('dna_genes').select(GENE_FIELDS));
// INSERT OR REPLACE in the reference (queries/structural.rs upsert_dna_gene, batch/writer.rs):
// `updated_at` starts over at its DEFAULT.
/** Replaces or inserts a gene (also the batch sink's `InsertDnaGenes`). */
export const DNA_GENE_REPLACE = insertStatement(dnaGenes, { mode: 'replace' });

// dna_mutations: deviations from a gene's dominant variant, keyed by mutation id.

const MUTATION_FIELDS = selectList(dnaMutations);

const decodeMutation = decoderOf(dnaMutations);

// INSERT OR REPLACE in the reference (queries/structural.rs upsert_dna_mutation, batch/writer.rs), every
// column given.
/** Replaces or inserts a mutation (also the batch sink's `InsertDnaMutations`). */
export const DNA_MUTATION_REPLACE = insertStatement(dnaMutations, {
  mode: 'replace',
  fields: [
    'id',
    'file',
    'line',
    'geneId',
    'expected',
    'actual',
    'impact',
    'code',
    'suggestion',
    'detectedAt',
    'resolved',
    'resolvedAt',
  ],
});
const MUTATIONS_BY_GENE = sharedStatement((d, geneId: string) =>
  d.db.selectFrom('dna_mutations').select(MUTATION_FIELDS).where('gene_id', '=', geneId),
);
// dialect: `resolved = 0` compares a boolean column with the integer SQLite stores; PostgreSQL:
// `= false`.
const MUTATIONS_UNRESOLVED = sharedStatement((d) =>
  d.db.selectFrom('dna_mutations').select(MUTATION_FIELDS).where('resolved', '=', 0),
);

// decomposition_decisions: learned decomposition adjustments; append-only.

const DECISION_FIELDS = selectList(decompositionDecisions, [
  'id',
  'dnaProfileHash',
  'adjustment',
  'confidence',
  'dnaSimilarity',
  'narrative',
  'sourceDnaHash',
  'appliedWeight',
]);

/** Inserts a decomposition decision (also the batch sink's `InsertDecompositionDecisions`). */
export const DECOMPOSITION_DECISION_INSERT = insertStatement(decompositionDecisions, { mode: 'insert' });
// The trait method answers the new id.
const DECOMPOSITION_DECISION_INSERT_ID = insertReturningId(
  decompositionDecisions,
  DECOMPOSITION_DECISION_INSERT,
);
const DECISIONS_BY_PROFILE = sharedStatement((d, dnaProfileHash: string) =>
  d.db
    .selectFrom('decomposition_decisions')
    .select(DECISION_FIELDS)
    .where('dna_profile_hash', '=', dnaProfileHash),
);

/**
 * The {@link IDriftStructural} methods on `dna_genes`, `dna_mutations` and `decomposition_decisions`
 * that only read, by method name.
 */
export const dnaReads = defineReads<IDriftStructural>()({
  getDnaGene: first(GENE_BY_ID),
  getAllDnaGenes: every(GENES_ALL),
  getDnaMutationsByGene: every(MUTATIONS_BY_GENE, decodeMutation),
  getUnresolvedMutations: every(MUTATIONS_UNRESOLVED, decodeMutation),
  getDecompositionDecisions: every(DECISIONS_BY_PROFILE),
});

/**
 * The {@link IDriftStructural} methods on `dna_genes`, `dna_mutations` and `decomposition_decisions`
 * that write, by method name.
 */
export const dnaWrites = defineWrites<IDriftStructural>()({
  upsertDnaGene: effect(DNA_GENE_REPLACE.statement, DNA_GENE_REPLACE.args),
  upsertDnaMutation: effect(DNA_MUTATION_REPLACE.statement, DNA_MUTATION_REPLACE.args),
  insertDecompositionDecision: scalar(
    DECOMPOSITION_DECISION_INSERT_ID,
    'id',
    (row: DecompositionDecisionRow) => DECOMPOSITION_DECISION_INSERT.args(row),
  ),
});
