import { type Compilable, CreateTableNode, DropTableNode, isOperationNodeSource } from 'kysely';
import type { Migration } from './ddl.js';
import { v001 } from './v001-initial.js';
import { v002 } from './v002-analysis.js';
import { v003 } from './v003-patterns.js';
import { v004 } from './v004-graph.js';
import { v005 } from './v005-structural.js';
import { v006 } from './v006-enforcement.js';
import { v007 } from './v007-advanced.js';
import { v008, v009 } from './v008-v009.js';

export type { Migration } from './ddl.js';

/** Every schema migration, in order; `PRAGMA user_version` records how many have been applied. */
export const MIGRATIONS: readonly Migration[] = [v001, v002, v003, v004, v005, v006, v007, v008, v009];

/** The schema version this build creates and understands. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** A table the migrations create: its name and whether it was declared `WITHOUT ROWID`. */
export interface DriftTable {
  /** The table's name as the migrations create it (snake_case, e.g. `file_metadata`). */
  readonly name: string;
  /** True for a `WITHOUT ROWID` table, which has no rowid to page on. */
  readonly withoutRowid: boolean;
}

/** The table a DDL statement creates (`create`) or drops (`drop`), if it is one of those. */
function tableChange(ddl: Compilable): { readonly kind: 'create' | 'drop'; readonly name: string } | null {
  if (!isOperationNodeSource(ddl)) return null;
  const node = ddl.toOperationNode();
  if (CreateTableNode.is(node)) return { kind: 'create', name: node.table.table.identifier.name };
  if (DropTableNode.is(node)) return { kind: 'drop', name: node.table.table.identifier.name };
  return null;
}

/**
 * The tables of drift.db at {@link SCHEMA_VERSION}, in creation order: replayed from the migrations'
 * DDL (created, minus any later dropped), so the list cannot drift from the schema. Workspace tables,
 * which workspace initialization may add to the same file, and SQLite's own `sqlite_*` tables are not
 * among them.
 */
export const DRIFT_TABLES: readonly DriftTable[] = (() => {
  const tables = new Map<string, DriftTable>();
  for (const migration of MIGRATIONS) {
    for (const ddl of migration.statements) {
      const change = tableChange(ddl);
      if (change?.kind === 'create') {
        const withoutRowid = /\bwithout\s+rowid\b/i.test(ddl.compile().sql);
        tables.set(change.name, Object.freeze({ name: change.name, withoutRowid }));
      } else if (change?.kind === 'drop') {
        tables.delete(change.name);
      }
    }
  }
  return Object.freeze([...tables.values()]);
})();
