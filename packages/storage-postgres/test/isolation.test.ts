import { StorageErrorCode } from '@drift/storage-traits';
import { DRIFT_TABLES } from '@drift/storage-traits/schema';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DriftPostgresPool } from '../src/connection.js';
import { freshDatabase, type TestDatabase, uuid, withClient } from './helpers/db.js';
import { sampleInsert, updatableColumn } from './helpers/rows.js';

// Isolation by the database: two tenants with two projects each in one database, every pool connected
// as the engine's role (not the owner, no superuser, no BYPASSRLS). Row-level security alone, with no
// WHERE clause of ours, keeps each scope to its own rows in every drift table.

const TENANTS = [uuid(), uuid()];
const SCOPES = TENANTS.flatMap((tenantId) => [uuid(), uuid()].map((projectId) => ({ tenantId, projectId })));
const OTHER_TENANT = uuid();
const OTHER_PROJECT = uuid();

let db: TestDatabase;
const pools: DriftPostgresPool[] = [];

beforeAll(async () => {
  db = await freshDatabase();
  for (const scope of SCOPES) {
    const pool = await DriftPostgresPool.open({ pool: db.engine, ...scope });
    pools.push(pool);
    // One sample row in every table, in creation order (parents before the rows referring to them).
    await pool.transaction('seed', async (tx) => {
      for (const t of DRIFT_TABLES) {
        const insert = sampleInsert(t);
        await tx.query(insert.text, insert.values);
      }
    });
  }
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await db?.drop();
});

/** Rows per (tenant, project) of every table, as the administrator (who bypasses RLS) counts them. */
async function allScopes(): Promise<Record<string, string[]>> {
  return withClient(db.admin, async (c) => {
    const out: Record<string, string[]> = {};
    for (const t of DRIFT_TABLES) {
      const { rows } = await c.query<{ scope: string }>(
        `select tenant_id || '/' || project_id as scope from "${t.name}" order by 1`,
      );
      out[t.name] = rows.map((r) => r.scope);
    }
    return out;
  });
}

const everyScope = () => SCOPES.map((s) => `${s.tenantId}/${s.projectId}`).sort();

describe('row-level security keeps tenants and projects apart', () => {
  it('the seed wrote one row per scope in every table, each with its scope filled from the settings', async () => {
    const found = await allScopes();
    expect(found).toEqual(Object.fromEntries(DRIFT_TABLES.map((t) => [t.name, everyScope()])));
  });

  it('each scope sees exactly its own row in every table', async () => {
    for (const [i, pool] of pools.entries()) {
      const seen = await pool.transaction('read', async (tx) => {
        const out: Record<string, unknown[]> = {};
        for (const t of DRIFT_TABLES) {
          out[t.name] = await tx.query(
            `select tenant_id as "tenantId", project_id as "projectId" from "${t.name}"`,
          );
        }
        return out;
      });
      expect(seen).toEqual(Object.fromEntries(DRIFT_TABLES.map((t) => [t.name, [SCOPES[i]]])));
    }
  });

  it('an insert naming another tenant or project is refused in every table (INVALID_INPUT), and writes nothing', async () => {
    const pool = pools[0]!;
    const refused: string[] = [];
    for (const t of DRIFT_TABLES) {
      for (const extra of [
        { tenant_id: OTHER_TENANT },
        { project_id: OTHER_PROJECT },
        { tenant_id: SCOPES[2]!.tenantId, project_id: SCOPES[2]!.projectId },
      ]) {
        const insert = sampleInsert(t, extra);
        const error = await pool
          .transaction('insert', (tx) => tx.query(insert.text, insert.values))
          .catch((e: unknown) => e);
        if ((error as { code?: string }).code === StorageErrorCode.INVALID_INPUT) refused.push(t.name);
        else refused.push(`${t.name}: not refused (${String(error)})`);
      }
    }
    expect(refused).toEqual(DRIFT_TABLES.flatMap((t) => [t.name, t.name, t.name]));
    const crafted = sampleInsert(DRIFT_TABLES[0]!, { tenant_id: OTHER_TENANT });
    const error = await pool
      .transaction('insertCrafted', (tx) => tx.query(crafted.text, crafted.values))
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^insertCrafted failed: new row violates row-level security policy for table "file_metadata" \(a row may only carry the tenant and project the engine is bound to\)$/,
    );
    expect(await allScopes()).toEqual(Object.fromEntries(DRIFT_TABLES.map((t) => [t.name, everyScope()])));
  });

  it('an update cannot move a row to another tenant or project, in any table', async () => {
    const pool = pools[1]!;
    const outcomes: string[] = [];
    for (const t of DRIFT_TABLES) {
      for (const [column, value] of [
        ['tenant_id', OTHER_TENANT],
        ['project_id', SCOPES[0]!.projectId],
      ] as const) {
        const error = await pool
          .transaction('move', (tx) => tx.query(`update "${t.name}" set ${column} = $1`, [value]))
          .catch((e: unknown) => e);
        outcomes.push(`${t.name}.${column}: ${(error as { code?: string }).code ?? 'not refused'}`);
      }
    }
    // A child row's foreign key may refuse the move first (NOT_FOUND: no parent in the target scope);
    // either way nothing moved.
    for (const o of outcomes) expect(o).toMatch(/: (INVALID_INPUT|NOT_FOUND)$/);
    expect(await allScopes()).toEqual(Object.fromEntries(DRIFT_TABLES.map((t) => [t.name, everyScope()])));
  });

  it("an update or delete without any WHERE touches only the scope's own rows", async () => {
    const pool = pools[2]!;
    const counts = await pool.transaction('touch', async (tx) => {
      const out: Record<string, number> = {};
      for (const t of DRIFT_TABLES) {
        const column = updatableColumn(t)!;
        const rows = await tx.query<{ n: number }>(
          `with changed as (update "${t.name}" set "${column}" = "${column}" returning 1) select count(*)::int as n from changed`,
        );
        out[t.name] = rows[0]!.n;
      }
      // Children first, so that every foreign key still finds its parent.
      for (const t of [...DRIFT_TABLES].reverse()) {
        const rows = await tx.query<{ n: number }>(
          `with gone as (delete from "${t.name}" returning 1) select count(*)::int as n from gone`,
        );
        out[t.name] = (out[t.name] ?? 0) + rows[0]!.n * 10;
      }
      return out;
    });
    expect(counts).toEqual(Object.fromEntries(DRIFT_TABLES.map((t) => [t.name, 11])));
    const mine = `${SCOPES[2]!.tenantId}/${SCOPES[2]!.projectId}`;
    expect(await allScopes()).toEqual(
      Object.fromEntries(DRIFT_TABLES.map((t) => [t.name, everyScope().filter((s) => s !== mine)])),
    );
    // Put the scope's rows back for the tests after this one.
    await pool.transaction('reseed', async (tx) => {
      for (const t of DRIFT_TABLES) {
        const insert = sampleInsert(t);
        await tx.query(insert.text, insert.values);
      }
    });
  });

  it('without the settings the engine role sees nothing and can write nothing, also on a connection whose earlier transaction set them', async () => {
    await withClient(db.engine, async (c) => {
      const look = async () => {
        const out: Record<string, number> = {};
        for (const t of DRIFT_TABLES) {
          out[t.name] = (await c.query<{ n: number }>(`select count(*)::int as n from "${t.name}"`))
            .rows[0]!.n;
        }
        return out;
      };
      const nothing = Object.fromEntries(DRIFT_TABLES.map((t) => [t.name, 0]));
      expect(await look()).toEqual(nothing);
      // A setting made local to a finished transaction reads back as '' afterwards: still nothing.
      await c.query('begin');
      await c.query("select set_config('app.tenant_id', $1, true), set_config('app.project_id', $2, true)", [
        SCOPES[0]!.tenantId,
        SCOPES[0]!.projectId,
      ]);
      expect((await c.query('select count(*)::int as n from functions')).rows).toEqual([{ n: 1 }]);
      await c.query('commit');
      expect(await look()).toEqual(nothing);

      const writes: string[] = [];
      for (const t of DRIFT_TABLES) {
        const insert = sampleInsert(t);
        const error = await c.query(insert.text, insert.values).catch((e: unknown) => e);
        // The scope columns default to NULL without the settings; the policy refuses the row first.
        writes.push(`${t.name}: ${(error as { code?: string }).code ?? 'written'}`);
        const crafted = sampleInsert(t, { tenant_id: SCOPES[0]!.tenantId, project_id: SCOPES[0]!.projectId });
        const craftedError = await c.query(crafted.text, crafted.values).catch((e: unknown) => e);
        writes.push(`${t.name} crafted: ${(craftedError as { code?: string }).code ?? 'written'}`);
        const column = updatableColumn(t)!;
        const updated = await c.query(`update "${t.name}" set "${column}" = "${column}"`);
        const deleted = await c.query(`delete from "${t.name}"`);
        writes.push(`${t.name} changed: ${updated.rowCount! + deleted.rowCount!}`);
      }
      expect(writes).toEqual(
        DRIFT_TABLES.flatMap((t) => [`${t.name}: 42501`, `${t.name} crafted: 42501`, `${t.name} changed: 0`]),
      );
    });
    expect(await allScopes()).toEqual(Object.fromEntries(DRIFT_TABLES.map((t) => [t.name, everyScope()])));
  });

  it('the engine role cannot turn row-level security off or drop a policy', async () => {
    await withClient(db.engine, async (c) => {
      for (const statement of [
        'alter table functions disable row level security',
        'alter table functions no force row level security',
        'drop policy functions_isolation on functions',
      ]) {
        const error = await c.query(statement).catch((e: unknown) => e);
        expect((error as { code?: string; message?: string }).code).toBe('42501');
        expect((error as Error).message).toMatch(/^must be owner of (table|relation) functions$/);
      }
    });
  });
});

describe('DriftPostgresPool.open refuses a role row-level security would not hold', () => {
  const scope = { tenantId: uuid(), projectId: uuid() };

  it('the tables owner', async () => {
    const error = await DriftPostgresPool.open({ pool: db.owner, ...scope }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: StorageErrorCode.INVALID_INPUT,
      operation: 'DriftPostgresPool.open',
    });
    expect((error as Error).message).toBe(
      `DriftPostgresPool.open: the role ${db.owner.user} owns (or is a member of ${db.owner.user}, the owner of) table audit_snapshots, so row-level security would not keep tenants apart; connect as a role with LOGIN, NOSUPERUSER and NOBYPASSRLS that does not own the tables (the engineRole given to migrateDriftSchema)`,
    );
  });

  it('a superuser', async () => {
    const error = await DriftPostgresPool.open({ pool: db.admin as pg.PoolConfig, ...scope }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: StorageErrorCode.INVALID_INPUT });
    expect((error as Error).message).toMatch(
      /^DriftPostgresPool\.open: the role \S+ is a superuser, so row-level security/,
    );
  });

  it('a role with BYPASSRLS', async () => {
    const role = `drift_bypass_${db.name.slice(-8)}`;
    await withClient(db.admin, (c) =>
      c.query(`create role ${role} login password 'p' nosuperuser bypassrls`),
    );
    try {
      const error = await DriftPostgresPool.open({
        pool: { ...db.engine, user: role, password: 'p' },
        ...scope,
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: StorageErrorCode.INVALID_INPUT });
      expect((error as Error).message).toMatch(
        new RegExp(`^DriftPostgresPool\\.open: the role ${role} has BYPASSRLS`),
      );
    } finally {
      await withClient(db.admin, (c) => c.query(`drop role ${role}`));
    }
  });
});
