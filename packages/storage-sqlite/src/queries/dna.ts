import type { IDriftStructural } from '@drift/storage-traits';
import { decoderOf, insertStatement, selectList } from '@drift/storage-traits/queries';
import { decompositionDecisions, dnaGenes, dnaMutations } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

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

const GENE_BY_ID = statement((geneId: string) =>
  qb.selectFrom('dna_genes').select(GENE_FIELDS).where('gene_id', '=', geneId),
);
const GENES_ALL = statement(() => qb.selectFrom('dna_genes').select(GENE_FIELDS));
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
const MUTATIONS_BY_GENE = statement((geneId: string) =>
  qb.selectFrom('dna_mutations').select(MUTATION_FIELDS).where('gene_id', '=', geneId),
);
const MUTATIONS_UNRESOLVED = statement(() =>
  qb.selectFrom('dna_mutations').select(MUTATION_FIELDS).where('resolved', '=', 0),
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
const DECISIONS_BY_PROFILE = statement((dnaProfileHash: string) =>
  qb
    .selectFrom('decomposition_decisions')
    .select(DECISION_FIELDS)
    .where('dna_profile_hash', '=', dnaProfileHash),
);

/**
 * The {@link IDriftStructural} methods on `dna_genes`, `dna_mutations` and `decomposition_decisions` that
 * only read, by method name; the engine runs each on a read-only connection after checking its arguments.
 */
export const dnaReads = defineReads<IDriftStructural>()({
  getDnaGene: (r, geneId) => r.get(GENE_BY_ID, [geneId]) ?? null,
  getAllDnaGenes: (r) => r.all(GENES_ALL),
  getDnaMutationsByGene: (r, geneId) => r.all(MUTATIONS_BY_GENE, [geneId]).map(decodeMutation),
  getUnresolvedMutations: (r) => r.all(MUTATIONS_UNRESOLVED).map(decodeMutation),
  getDecompositionDecisions: (r, dnaProfileHash) => r.all(DECISIONS_BY_PROFILE, [dnaProfileHash]),
});

/**
 * The {@link IDriftStructural} methods on `dna_genes`, `dna_mutations` and `decomposition_decisions` that
 * write, by method name; the engine runs each on its one writer connection after checking its arguments.
 */
export const dnaWrites = defineWrites<IDriftStructural>()({
  upsertDnaGene: (w, row) => {
    w.run(DNA_GENE_REPLACE.statement, DNA_GENE_REPLACE.args(row));
  },
  upsertDnaMutation: (w, row) => {
    w.run(DNA_MUTATION_REPLACE.statement, DNA_MUTATION_REPLACE.args(row));
  },
  insertDecompositionDecision: (w, row) =>
    w.run(DECOMPOSITION_DECISION_INSERT.statement, DECOMPOSITION_DECISION_INSERT.args(row)).lastInsertRowid,
});
