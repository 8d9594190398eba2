import type { IDriftStructural } from '@drift/storage-traits';
import { decoderOf, selectList } from '@drift/storage-traits/queries';
import { constraints, constraintVerifications } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, replaceInto, statement } from '../statements.js';

// constraints: architectural invariants keyed by id.

const CONSTRAINT_ROW = [
  'id',
  'description',
  'invariantType',
  'target',
  'scope',
  'source',
  'enabled',
] as const;
const CONSTRAINT_FIELDS = selectList(constraints, CONSTRAINT_ROW);

const decodeConstraint = decoderOf(constraints, CONSTRAINT_ROW);

const CONSTRAINT_BY_ID = statement((id: string) =>
  qb.selectFrom('constraints').select(CONSTRAINT_FIELDS).where('id', '=', id),
);
const CONSTRAINTS_ENABLED = statement(() =>
  qb.selectFrom('constraints').select(CONSTRAINT_FIELDS).where('enabled', '=', 1),
);
// INSERT OR REPLACE in the reference (queries/structural.rs upsert_constraint): the row is deleted and
// inserted anew, so both timestamps start over. Its verifications keep pointing at it: the foreign key
// (constraint_verifications.constraint_id, without an ON DELETE action) is checked at the end of the
// statement, when the constraint exists again under the same id.
const CONSTRAINT_REPLACE = statement(
  (
    id: string,
    description: string,
    invariantType: string,
    target: string,
    scope: string | null,
    source: string,
    enabled: boolean,
  ) =>
    replaceInto('constraints').values({
      id: id,
      description: description,
      invariant_type: invariantType,
      target: target,
      scope: scope,
      source: source,
      enabled: enabled,
    }),
);

// constraint_verifications: each check of a constraint; `constraint_id` must name an existing constraint.

const VERIFICATION_FIELDS = selectList(constraintVerifications);
const decodeVerification = decoderOf(constraintVerifications);

const VERIFICATION_INSERT = statement((constraintId: string, passed: boolean, violations: string) =>
  qb
    .insertInto('constraint_verifications')
    .values({ constraint_id: constraintId, passed: passed, violations: violations }),
);
const VERIFICATIONS_NEWEST_FIRST = statement((constraintId: string) =>
  qb
    .selectFrom('constraint_verifications')
    .select(VERIFICATION_FIELDS)
    .where('constraint_id', '=', constraintId)
    .orderBy('verified_at', 'desc'),
);

/**
 * The {@link IDriftStructural} methods on `constraints` and `constraint_verifications` that only read, by
 * method name; the engine runs each on a read-only connection after checking its arguments.
 */
export const constraintReads = defineReads<IDriftStructural>()({
  getConstraint: (r, id) => {
    const row = r.get(CONSTRAINT_BY_ID, [id]);
    return row === undefined ? null : decodeConstraint(row);
  },
  getEnabledConstraints: (r) => r.all(CONSTRAINTS_ENABLED).map(decodeConstraint),
  queryConstraintVerifications: (r, constraintId) =>
    r.all(VERIFICATIONS_NEWEST_FIRST, [constraintId]).map(decodeVerification),
});

/**
 * The {@link IDriftStructural} methods on `constraints` and `constraint_verifications` that write, by method
 * name; the engine runs each on its one writer connection after checking its arguments.
 */
export const constraintWrites = defineWrites<IDriftStructural>()({
  upsertConstraint: (w, row) => {
    w.run(CONSTRAINT_REPLACE, [
      row.id,
      row.description,
      row.invariantType,
      row.target,
      row.scope,
      row.source,
      row.enabled,
    ]);
  },
  insertConstraintVerification: (w, constraintId, passed, violations) => {
    w.run(VERIFICATION_INSERT, [constraintId, passed, violations]);
  },
});
