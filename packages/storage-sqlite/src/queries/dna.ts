import type {
  DecompositionDecisionInsertRow,
  DnaGeneRow,
  DnaMutationInsertRow,
  DnaMutationRow,
  IDriftStructural,
} from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, replaceInto, rowDecoder, statement } from '../statements.js';
import { bit } from './bind.js';

// dna_genes: convention dimensions, keyed by gene id.

const GENE_FIELDS = [
  'gene_id as geneId',
  'name',
  'description',
  'dominant_allele as dominantAllele',
  'alleles',
  'confidence',
  'consistency',
  'exemplars',
] as const;

const GENE_BY_ID = statement(qb.selectFrom('dna_genes').select(GENE_FIELDS).where('gene_id', '=', arg(0)));
const GENES_ALL = statement(qb.selectFrom('dna_genes').select(GENE_FIELDS));
// INSERT OR REPLACE in the reference (queries/structural.rs upsert_dna_gene, batch/writer.rs):
// `updated_at` starts over at its DEFAULT.
/** Replaces or inserts a gene (also the batch sink's `InsertDnaGenes`). */
export const DNA_GENE_REPLACE = statement(
  replaceInto('dna_genes').values({
    gene_id: arg(0),
    name: arg(1),
    description: arg(2),
    dominant_allele: arg(3),
    alleles: arg(4),
    confidence: arg(5),
    consistency: arg(6),
    exemplars: arg(7),
  }),
);

/** The arguments of {@link DNA_GENE_REPLACE} for a row. */
export function dnaGeneArgs(row: DnaGeneRow): unknown[] {
  return [
    row.geneId,
    row.name,
    row.description,
    row.dominantAllele,
    row.alleles,
    row.confidence,
    row.consistency,
    row.exemplars,
  ];
}

// dna_mutations: deviations from a gene's dominant variant, keyed by mutation id.

const MUTATION_FIELDS = [
  'id',
  'file',
  'line',
  'gene_id as geneId',
  'expected',
  'actual',
  'impact',
  'code',
  'suggestion',
  'detected_at as detectedAt',
  'resolved',
  'resolved_at as resolvedAt',
] as const;

const decodeMutation = rowDecoder<DnaMutationRow>({ bool: ['resolved'] });

// INSERT OR REPLACE in the reference (queries/structural.rs upsert_dna_mutation, batch/writer.rs), every
// column given.
/** Replaces or inserts a mutation (also the batch sink's `InsertDnaMutations`). */
export const DNA_MUTATION_REPLACE = statement(
  replaceInto('dna_mutations').values({
    id: arg(0),
    file: arg(1),
    line: arg(2),
    gene_id: arg(3),
    expected: arg(4),
    actual: arg(5),
    impact: arg(6),
    code: arg(7),
    suggestion: arg(8),
    detected_at: arg(9),
    resolved: arg(10),
    resolved_at: arg(11),
  }),
);
/**
 * The arguments of {@link DNA_MUTATION_REPLACE} for a row and its resolution (a batch row has none: the
 * reference writes it as new and unresolved, also over an existing mutation).
 */
export function dnaMutationArgs(
  row: DnaMutationInsertRow,
  resolved: boolean,
  resolvedAt: number | null,
): unknown[] {
  return [
    row.id,
    row.file,
    row.line,
    row.geneId,
    row.expected,
    row.actual,
    row.impact,
    row.code,
    row.suggestion,
    row.detectedAt,
    bit(resolved),
    resolvedAt,
  ];
}
const MUTATIONS_BY_GENE = statement(
  qb.selectFrom('dna_mutations').select(MUTATION_FIELDS).where('gene_id', '=', arg(0)),
);
const MUTATIONS_UNRESOLVED = statement(
  qb.selectFrom('dna_mutations').select(MUTATION_FIELDS).where('resolved', '=', 0),
);

// decomposition_decisions: learned decomposition adjustments; append-only.

const DECISION_FIELDS = [
  'id',
  'dna_profile_hash as dnaProfileHash',
  'adjustment',
  'confidence',
  'dna_similarity as dnaSimilarity',
  'narrative',
  'source_dna_hash as sourceDnaHash',
  'applied_weight as appliedWeight',
] as const;

/** Inserts a decomposition decision (also the batch sink's `InsertDecompositionDecisions`). */
export const DECOMPOSITION_DECISION_INSERT = statement(
  qb.insertInto('decomposition_decisions').values({
    dna_profile_hash: arg(0),
    adjustment: arg(1),
    confidence: arg(2),
    dna_similarity: arg(3),
    narrative: arg(4),
    source_dna_hash: arg(5),
    applied_weight: arg(6),
  }),
);
/** The arguments of {@link DECOMPOSITION_DECISION_INSERT} for a row. */
export function decompositionDecisionArgs(row: DecompositionDecisionInsertRow): unknown[] {
  return [
    row.dnaProfileHash,
    row.adjustment,
    row.confidence,
    row.dnaSimilarity,
    row.narrative,
    row.sourceDnaHash,
    row.appliedWeight,
  ];
}
const DECISIONS_BY_PROFILE = statement(
  qb.selectFrom('decomposition_decisions').select(DECISION_FIELDS).where('dna_profile_hash', '=', arg(0)),
);

/** DNA reads (genes, mutations, decomposition decisions) of {@link IDriftStructural}. */
export const dnaReads = defineReads<IDriftStructural>()({
  getDnaGene: (r, geneId) => r.get(GENE_BY_ID, [geneId]) ?? null,
  getAllDnaGenes: (r) => r.all(GENES_ALL),
  getDnaMutationsByGene: (r, geneId) => r.all(MUTATIONS_BY_GENE, [geneId]).map(decodeMutation),
  getUnresolvedMutations: (r) => r.all(MUTATIONS_UNRESOLVED).map(decodeMutation),
  getDecompositionDecisions: (r, dnaProfileHash) => r.all(DECISIONS_BY_PROFILE, [dnaProfileHash]),
});

/** DNA writes (genes, mutations, decomposition decisions) of {@link IDriftStructural}. */
export const dnaWrites = defineWrites<IDriftStructural>()({
  upsertDnaGene: (w, row) => {
    w.run(DNA_GENE_REPLACE, dnaGeneArgs(row));
  },
  upsertDnaMutation: (w, row) => {
    w.run(DNA_MUTATION_REPLACE, dnaMutationArgs(row, row.resolved, row.resolvedAt));
  },
  insertDecompositionDecision: (w, row) =>
    w.run(DECOMPOSITION_DECISION_INSERT, decompositionDecisionArgs(row)).lastInsertRowid,
});
