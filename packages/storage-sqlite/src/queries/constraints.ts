import type { ConstraintRow, ConstraintVerificationRow, IDriftStructural } from '@drift/storage-traits';
import { sql } from 'kysely';
import { arg, defineReads, defineWrites, qb, rowDecoder, statement } from '../statements.js';

// constraints: architectural invariants keyed by id.

const CONSTRAINT_FIELDS = [
  'id',
  'description',
  'invariant_type as invariantType',
  'target',
  'scope',
  'source',
  'enabled',
] as const;

const decodeConstraint = rowDecoder<ConstraintRow>({ bool: ['enabled'] });

const CONSTRAINT_BY_ID = statement(
  qb.selectFrom('constraints').select(CONSTRAINT_FIELDS).where('id', '=', arg(0)),
);
const CONSTRAINTS_ENABLED = statement(
  qb.selectFrom('constraints').select(CONSTRAINT_FIELDS).where('enabled', '=', 1),
);
// A replace deletes and reinserts the row, so both timestamps start over.
const CONSTRAINT_UPSERT = statement(
  qb
    .insertInto('constraints')
    .values({
      id: arg(0),
      description: arg(1),
      invariant_type: arg(2),
      target: arg(3),
      scope: arg(4),
      source: arg(5),
      enabled: arg(6),
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        description: eb.ref('excluded.description'),
        invariant_type: eb.ref('excluded.invariant_type'),
        target: eb.ref('excluded.target'),
        scope: eb.ref('excluded.scope'),
        source: eb.ref('excluded.source'),
        enabled: eb.ref('excluded.enabled'),
        created_at: sql<number>`unixepoch()`,
        updated_at: sql<number>`unixepoch()`,
      })),
    ),
);

// constraint_verifications: each check of a constraint; `constraint_id` must name an existing constraint.

const decodeVerification = rowDecoder<ConstraintVerificationRow>({ bool: ['passed'] });

const VERIFICATION_INSERT = statement(
  qb
    .insertInto('constraint_verifications')
    .values({ constraint_id: arg(0), passed: arg(1), violations: arg(2) }),
);
const VERIFICATIONS_NEWEST_FIRST = statement(
  qb
    .selectFrom('constraint_verifications')
    .select(['id', 'constraint_id as constraintId', 'passed', 'violations', 'verified_at as verifiedAt'])
    .where('constraint_id', '=', arg(0))
    .orderBy('verified_at', 'desc'),
);

/** Constraint reads of {@link IDriftStructural}. */
export const constraintReads = defineReads<IDriftStructural>()({
  getConstraint: (r, id) => {
    const row = r.get(CONSTRAINT_BY_ID, [id]);
    return row === undefined ? null : decodeConstraint(row);
  },
  getEnabledConstraints: (r) => r.all(CONSTRAINTS_ENABLED).map(decodeConstraint),
  queryConstraintVerifications: (r, constraintId) =>
    r.all(VERIFICATIONS_NEWEST_FIRST, [constraintId]).map(decodeVerification),
});

/** Constraint writes of {@link IDriftStructural}. */
export const constraintWrites = defineWrites<IDriftStructural>()({
  upsertConstraint: (w, row) => {
    w.run(CONSTRAINT_UPSERT, [
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
