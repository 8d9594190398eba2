import type { ConstraintRow, IDriftStructural } from '../../index.js';
import { constraints, constraintVerifications } from '../../schema/index.js';
import { decoderOf, selectList } from '../database.js';
import { defineReads, defineWrites, effect, every, first } from '../methods.js';
import { sharedStatement } from '../statement.js';

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

const CONSTRAINT_BY_ID = sharedStatement((d, id: string) =>
  d.db.selectFrom('constraints').select(CONSTRAINT_FIELDS).where('id', '=', id),
);
// dialect: `enabled = 1` compares a boolean column with the integer SQLite stores (PostgreSQL:
// `= true`); no ORDER BY (as the reference): SQLite answers in its scan order, PostgreSQL's is
// unspecified (add `ORDER BY id`).
const CONSTRAINTS_ENABLED = sharedStatement((d) =>
  d.db.selectFrom('constraints').select(CONSTRAINT_FIELDS).where('enabled', '=', 1),
);
// INSERT OR REPLACE in the reference (queries/structural.rs upsert_constraint): the row is deleted and
// inserted anew, so both timestamps start over. Its verifications keep pointing at it: the foreign key
// (constraint_verifications.constraint_id, without an ON DELETE action) is checked at the end of the
// statement, when the constraint exists again under the same id.
// dialect: a dialect that expresses OR REPLACE as a DELETE statement before the INSERT (PostgreSQL)
// checks that foreign key at the end of the DELETE, which fails once the constraint has verifications
// (unless the key is DEFERRABLE INITIALLY DEFERRED); PostgreSQL: `INSERT ... ON CONFLICT (id) DO UPDATE
// SET` every column, `created_at` and `updated_at` to their DEFAULT.
const CONSTRAINT_REPLACE = sharedStatement(
  (
    d,
    id: string,
    description: string,
    invariantType: string,
    target: string,
    scope: string | null,
    source: string,
    enabled: boolean,
  ) =>
    d.db.insertInto('constraints').orReplace().values({
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

const VERIFICATION_INSERT = sharedStatement((d, constraintId: string, passed: boolean, violations: string) =>
  d.db
    .insertInto('constraint_verifications')
    .values({ constraint_id: constraintId, passed: passed, violations: violations }),
);
// dialect: verifications made in the same second come back in SQLite's scan order (rowid); PostgreSQL:
// add `id` (ascending) as a second key.
const VERIFICATIONS_NEWEST_FIRST = sharedStatement((d, constraintId: string) =>
  d.db
    .selectFrom('constraint_verifications')
    .select(VERIFICATION_FIELDS)
    .where('constraint_id', '=', constraintId)
    .orderBy('verified_at', 'desc'),
);

/**
 * The {@link IDriftStructural} methods on `constraints` and `constraint_verifications` that only read,
 * by method name.
 */
export const constraintReads = defineReads<IDriftStructural>()({
  getConstraint: first(CONSTRAINT_BY_ID, decodeConstraint),
  getEnabledConstraints: every(CONSTRAINTS_ENABLED, decodeConstraint),
  queryConstraintVerifications: every(VERIFICATIONS_NEWEST_FIRST, decodeVerification),
});

/**
 * The {@link IDriftStructural} methods on `constraints` and `constraint_verifications` that write, by
 * method name.
 */
export const constraintWrites = defineWrites<IDriftStructural>()({
  upsertConstraint: effect(
    CONSTRAINT_REPLACE,
    (row: ConstraintRow) =>
      [row.id, row.description, row.invariantType, row.target, row.scope, row.source, row.enabled] as const,
  ),
  insertConstraintVerification: effect(VERIFICATION_INSERT),
});
