import { getTableColumns, getTableName, sql, type SQL, type Table } from "drizzle-orm";

/** Rows per statement: one JSON parameter each, so no limit on bound parameters applies; this bounds a statement's size. */
export const rowsPerJsonInsert = 5_000;

/**
 * `insert into t (...) select ... from json_to_recordset($1) ... on conflict do nothing` for a
 * table: many rows as one JSON text parameter. A batch of a thousand spend rows built as a
 * drizzle multi-row insert binds 19,000 parameters, each mapped and serialised in JS on the
 * event loop (tens of milliseconds that every request in flight waits out); JSON.stringify
 * does the same in native code in a fraction of that, and PostgreSQL parses it. Rows use the
 * query builder's field names; fields left out take the column's default, as an insert's would.
 */
export function jsonInsertStatement(table: Table, rows: readonly object[]): SQL {
  let parts = statements.get(table);
  if (!parts) {
    parts = statementParts(table);
    statements.set(table, parts);
  }
  return sql`${parts.head}${JSON.stringify(rows)}${parts.tail}`;
}

const statements = new WeakMap<Table, { head: SQL; tail: SQL }>();

function statementParts(table: Table): { head: SQL; tail: SQL } {
  const columns = Object.entries(getTableColumns(table));
  const names = columns.map(([, column]) => `"${column.name}"`).join(", ");
  const values = columns.map(([field, column]) => (column.hasDefault ? `coalesce(r."${field}", ${defaultLiteral(column.default, column.name)})` : `r."${field}"`)).join(", ");
  const record = columns.map(([field, column]) => `"${field}" ${column.getSQLType()}`).join(", ");
  return {
    head: sql.raw(`insert into "${getTableName(table)}" (${names}) select ${values} from json_to_recordset(`),
    tail: sql.raw(`::json) as r(${record}) on conflict do nothing`),
  };
}

/** A column's default as SQL text: the plain values the schema uses (numbers, booleans, text, JSON). */
function defaultLiteral(value: unknown, column: string): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return `'${value.replaceAll("'", "''")}'`;
  if (value !== null && typeof value === "object" && !("getSQL" in value)) return `'${JSON.stringify(value).replaceAll("'", "''")}'::jsonb`;
  // A SQL or generated default would be silently replaced by null: refuse rather than guess.
  throw new Error(`jsonInsertStatement: column ${column} has a default it cannot express`);
}
