import type { CompiledSql, Database, QueryDialect } from '@drift/storage-traits/queries';
import { DRIFT_TABLES, type DriftTable } from '@drift/storage-traits/schema';
import {
  AliasNode,
  AndNode,
  BinaryOperationNode,
  ColumnNode,
  type Compilable,
  createQueryId,
  DeleteQueryNode,
  DummyDriver,
  IdentifierNode,
  InsertQueryNode,
  Kysely,
  OnConflictNode,
  type OperationNode,
  type OperationNodeSource,
  OperationNodeTransformer,
  OperatorNode,
  OrderByItemNode,
  OrNode,
  ParensNode,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  PrimitiveValueListNode,
  RawNode,
  ReferenceNode,
  type RootOperationNode,
  SelectAllNode,
  SelectionNode,
  SelectQueryNode,
  sql,
  TableNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  WhereNode,
} from 'kysely';
import { RENAMED_COLUMNS, ROW_CURSOR_COLUMN, SCOPE_COLUMNS } from './schema.js';

// The PostgreSQL dialect of the shared statements (`@drift/storage-traits/queries`): a compile-only
// Kysely for PostgreSQL, and the rewrite of what the shared statements say in SQLite's terms into what
// PostgreSQL runs with the same effect (INSERT OR REPLACE, INSERT OR IGNORE, LIKE, the renamed column).

/** Drift column name -> PostgreSQL name, over every table (each renamed name belongs to one table). */
const RENAMES: ReadonlyMap<string, string> = new Map(
  Object.values(RENAMED_COLUMNS).flatMap((byColumn) => Object.entries(byColumn)),
);

const TABLES: ReadonlyMap<string, DriftTable> = new Map(DRIFT_TABLES.map((t) => [t.name, t]));

/**
 * The rewrites every statement gets, anywhere in its tree: a renamed drift column takes its PostgreSQL
 * name; `a LIKE b` becomes `a ILIKE b ESCAPE ''` (SQLite's LIKE folds ASCII case and has no escape
 * character; under the columns' `"C"` collation PostgreSQL's ILIKE folds ASCII letters only too); a
 * select answering the rows of one table one for one ends its ORDER BY with that table's `drift_row`
 * (or gets `ORDER BY drift_row` when it has none): SQLite answers rows that tie, and rows of a scan
 * without ORDER BY, in rowid order, where PostgreSQL's order would be whatever its plan gives.
 */
class PostgresRewrite extends OperationNodeTransformer {
  protected override transformColumn(node: ColumnNode): ColumnNode {
    const renamed = RENAMES.get(node.column.name);
    return renamed === undefined ? super.transformColumn(node) : ColumnNode.create(renamed);
  }

  protected override transformOnConflict(node: OnConflictNode): OnConflictNode {
    const transformed = super.transformOnConflict(node);
    // Every key and UNIQUE constraint begins with the scope columns: the conflict target names them too.
    if (transformed.columns === undefined || transformed.columns.length === 0) return transformed;
    const scope = SCOPE_COLUMNS.map((c) => ColumnNode.create(c));
    return OnConflictNode.cloneWith(transformed, { columns: [...scope, ...transformed.columns] });
  }

  protected override transformSelectQuery(node: SelectQueryNode): SelectQueryNode {
    const transformed = expandSelectAll(super.transformSelectQuery(node));
    const table = rowOrderedTable(transformed);
    if (table === undefined) return transformed;
    const cursor = ReferenceNode.create(ColumnNode.create(ROW_CURSOR_COLUMN), TableNode.create(table));
    return SelectQueryNode.cloneWithOrderByItems(transformed, [OrderByItemNode.create(cursor)]);
  }

  protected override transformBinaryOperation(node: BinaryOperationNode): BinaryOperationNode {
    const op = OperatorNode.is(node.operator) ? node.operator.operator : undefined;
    if (op !== 'like' && op !== 'not like') return super.transformBinaryOperation(node);
    const left = this.transformNode(node.leftOperand);
    const right = this.transformNode(node.rightOperand);
    const ilike = op === 'like' ? ' ilike ' : ' not ilike ';
    // A raw node where the tree had a binary operation: the compiler prints any node in that place.
    return RawNode.create(['(', ilike, " escape '')"], [left, right]) as unknown as BinaryOperationNode;
  }
}

/** The table a FROM item names: a table node, or `sql.table(name)` (a raw node around one). */
function tableOf(node: OperationNode): TableNode | undefined {
  if (TableNode.is(node)) return node;
  if (RawNode.is(node) && node.parameters.length === 1 && node.sqlFragments.every((f) => f === '')) {
    const inner = node.parameters[0]!;
    return TableNode.is(inner) ? inner : undefined;
  }
  return undefined;
}

/** The drift tables of a select's FROM and JOINs by the name they are referred to (alias or table). */
function tablesInScope(node: SelectQueryNode): Map<string, DriftTable> {
  const scope = new Map<string, DriftTable>();
  for (const item of [...(node.from?.froms ?? []), ...(node.joins ?? []).map((j) => j.table)]) {
    const aliased = AliasNode.is(item) && IdentifierNode.is(item.alias) ? item : undefined;
    const table = tableOf(aliased === undefined ? item : aliased.node);
    const declared = table === undefined ? undefined : TABLES.get(table.table.identifier.name);
    if (declared === undefined) continue;
    scope.set(aliased === undefined ? declared.name : (aliased.alias as IdentifierNode).name, declared);
  }
  return scope;
}

/** The declared columns of `table` referred to as `ref`, each under its drift name (`*` without scope columns). */
function declaredColumns(table: DriftTable, ref: string): SelectionNode[] {
  return table.columnList.map((c) => {
    const stored = RENAMED_COLUMNS[table.name]?.[c.column] ?? c.column;
    const reference = ReferenceNode.create(ColumnNode.create(stored), TableNode.create(ref));
    return SelectionNode.create(
      stored === c.column ? reference : AliasNode.create(reference, IdentifierNode.create(c.column)),
    );
  });
}

/**
 * `select *` and `select t.*` as the declared columns of the table, in declaration order: in PostgreSQL
 * a table also has the scope columns and `drift_row`, which drift.db's rows do not.
 */
function expandSelectAll(node: SelectQueryNode): SelectQueryNode {
  const selections = node.selections;
  if (selections === undefined) return node;
  const starred = (sel: SelectionNode) =>
    SelectAllNode.is(sel.selection) ||
    (ReferenceNode.is(sel.selection) && SelectAllNode.is(sel.selection.column));
  if (!selections.some(starred)) return node;
  const scope = tablesInScope(node);
  const expanded: SelectionNode[] = [];
  for (const sel of selections) {
    if (SelectAllNode.is(sel.selection)) {
      if (scope.size === 0) return node;
      for (const [ref, table] of scope) expanded.push(...declaredColumns(table, ref));
    } else if (ReferenceNode.is(sel.selection) && SelectAllNode.is(sel.selection.column)) {
      const ref = sel.selection.table?.table.identifier.name;
      const table = ref === undefined ? undefined : scope.get(ref);
      if (ref === undefined || table === undefined) return node;
      expanded.push(...declaredColumns(table, ref));
    } else {
      expanded.push(sel);
    }
  }
  return Object.freeze({ ...node, selections: expanded });
}

const AGGREGATE_TEXT = /\b(count|sum|avg|min|max|total|group_concat|string_agg|json_group_array)\s*\(/i;

/** True when `node` (a tree of operation nodes) holds an aggregate call, built or raw. */
function hasAggregate(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  const n = node as { kind?: string; sqlFragments?: readonly string[] };
  if (n.kind === 'AggregateFunctionNode') return true;
  if (n.kind === 'SelectQueryNode') return false; // a subquery's aggregate is its own
  if (n.kind === 'RawNode' && n.sqlFragments?.some((f) => AGGREGATE_TEXT.test(f))) return true;
  return Object.values(node).some((v) =>
    Array.isArray(v) ? v.some((item) => hasAggregate(item)) : hasAggregate(v),
  );
}

/**
 * The table (or its alias) whose rows a select answers one for one, when its order should end with
 * that table's `drift_row`: a select from one table, without joins, grouping, DISTINCT, set operations
 * or aggregates. Undefined otherwise.
 */
function rowOrderedTable(node: SelectQueryNode): string | undefined {
  if (node.joins?.length || node.groupBy || node.having || node.distinctOn || node.setOperations) {
    return undefined;
  }
  if (node.frontModifiers?.some((m) => m.modifier === 'Distinct')) return undefined;
  const froms = node.from?.froms ?? [];
  if (froms.length !== 1) return undefined;
  const from = froms[0]!;
  let name: string | undefined;
  if (TableNode.is(from)) name = from.table.identifier.name;
  else if (AliasNode.is(from) && TableNode.is(from.node) && IdentifierNode.is(from.alias)) {
    name = from.alias.name;
  }
  if (name === undefined) return undefined;
  const tableName = TableNode.is(from) ? name : ((from as AliasNode).node as TableNode).table.identifier.name;
  if (!TABLES.has(tableName)) return undefined;
  if (hasAggregate(node.selections)) return undefined;
  return name;
}

const rewrite = new PostgresRewrite();

/** The compile-only Kysely of this dialect (Kysely's DummyDriver setup: it never connects). */
const pgQueryBuilder = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const compiler = new PostgresQueryCompiler();

function compileNode(node: RootOperationNode): CompiledSql {
  const compiled = compiler.compileQuery(rewrite.transformNode(node), createQueryId());
  return { sql: compiled.sql, parameters: compiled.parameters };
}

/** The value nodes of each row an INSERT writes, by column name. */
function insertedRows(node: InsertQueryNode): Map<string, OperationNode>[] {
  const columns = (node.columns ?? []).map((c) => c.column.name);
  if (node.values === undefined || !ValuesNode.is(node.values)) {
    throw new TypeError('INSERT OR REPLACE on PostgreSQL needs a VALUES list (not INSERT ... SELECT)');
  }
  return node.values.values.map((item) => {
    const values: readonly OperationNode[] = PrimitiveValueListNode.is(item)
      ? item.values.map((v) => ValueNode.create(v))
      : ValueListNode.is(item)
        ? item.values
        : [];
    return new Map(columns.map((c, i) => [c, values[i]!]));
  });
}

function conjunction(nodes: readonly OperationNode[]): OperationNode {
  return nodes.reduce((a, b) => AndNode.create(a, b));
}

/**
 * The DELETE that SQLite's `INSERT OR REPLACE` does before inserting: every row that collides with a
 * new one on the primary key or any UNIQUE of the table's declaration. A key whose columns the insert
 * does not all give (an id the database generates) cannot collide and is left out.
 */
function replacedRowsDelete(node: InsertQueryNode): DeleteQueryNode | undefined {
  const table = node.into?.table.identifier.name;
  const declared = table === undefined ? undefined : TABLES.get(table);
  if (table === undefined || declared === undefined) {
    throw new TypeError(`INSERT OR REPLACE into ${table ?? 'a query'}: not a declared drift table`);
  }
  const keys = [declared.primaryKey, ...declared.unique].map((fields) =>
    fields.map((f) => declared.byField[f]!.column),
  );
  const matches: OperationNode[] = [];
  for (const row of insertedRows(node)) {
    for (const key of keys) {
      if (!key.every((c) => row.has(c))) continue;
      matches.push(
        ParensNode.create(
          conjunction(
            key.map((c) =>
              BinaryOperationNode.create(ColumnNode.create(c), OperatorNode.create('='), row.get(c)!),
            ),
          ),
        ),
      );
    }
  }
  if (matches.length === 0) return undefined;
  const where = matches.reduce((a, b) => OrNode.create(a, b));
  return Object.freeze({
    ...DeleteQueryNode.create([TableNode.create(table)]),
    where: WhereNode.create(where),
  });
}

function isReplace(node: InsertQueryNode): boolean {
  return node.replace === true || node.orAction?.action === 'replace';
}

function isIgnore(node: InsertQueryNode): boolean {
  return node.ignore === true || node.orAction?.action === 'ignore';
}

/** `node` as a plain INSERT (no `OR REPLACE` / `OR IGNORE`), with `extra` properties. */
function plainInsert(node: InsertQueryNode, extra: Partial<InsertQueryNode> = {}): InsertQueryNode {
  const { orAction: _action, ignore: _ignore, replace: _replace, ...rest } = node;
  return Object.freeze({ ...rest, ...extra }) as InsertQueryNode;
}

/** Compiles a shared query for PostgreSQL (see {@link POSTGRES_DIALECT}). */
function compilePostgres(query: Compilable<unknown>): CompiledSql {
  const source = query as Partial<OperationNodeSource>;
  if (typeof source.toOperationNode !== 'function') {
    throw new TypeError('the PostgreSQL dialect compiles Kysely queries (with toOperationNode) only');
  }
  const node = source.toOperationNode() as RootOperationNode;
  if (!InsertQueryNode.is(node)) return compileNode(node);
  if (isReplace(node)) {
    const plain = plainInsert(node);
    const deletion = replacedRowsDelete(node);
    const insert = compileNode(plain);
    return deletion === undefined ? insert : { ...insert, before: [compileNode(deletion)] };
  }
  if (isIgnore(node)) {
    const onConflict = OnConflictNode.cloneWith(OnConflictNode.create(), { doNothing: true });
    return compileNode(plainInsert(node, { onConflict }));
  }
  return compileNode(node);
}

/**
 * The PostgreSQL dialect of the shared drift statements. `compile` rewrites SQLite's forms into
 * PostgreSQL's: `INSERT OR REPLACE` becomes a DELETE of the rows the new one collides with (primary key
 * or any UNIQUE of the declaration; CompiledSql `before`) then a plain INSERT, so the row takes fresh
 * DEFAULT and identity values as SQLite's REPLACE gives it; `INSERT OR IGNORE` becomes
 * `ON CONFLICT DO NOTHING`; `LIKE` becomes `ILIKE ... ESCAPE ''`; `migration_modules.project_id` is
 * `migration_project_id`. `now()` is the statement's start in whole unix seconds; `rowid()` is the
 * `drift_row` identity column, which a replaced row (deleted and inserted) takes anew.
 */
export const POSTGRES_DIALECT: QueryDialect = Object.freeze({
  name: 'postgres',
  db: pgQueryBuilder,
  compile: compilePostgres,
  now: () => sql<number>`(floor(extract(epoch from statement_timestamp()))::bigint)`,
  rowid: () => sql<number>`${sql.ref(ROW_CURSOR_COLUMN)}`,
});
