/**
 * Whether `error` (or one it wraps) is a unique or primary-key violation on `table.column`, in
 * either dialect: PostgreSQL's 23505 names the column in its detail, SQLite in its message.
 */
export function isUniqueViolation(error: unknown, table: string, column: string): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const { code, table: violatedTable, detail } = current as { code?: unknown; table?: unknown; detail?: unknown };
    if (code === "23505") return violatedTable === table && typeof detail === "string" && detail.startsWith(`Key (${column})=`);
    if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
      const columns = /constraint failed: (.*)$/.exec(current.message)?.[1].split(", ") ?? [];
      return columns.includes(`${table}.${column}`);
    }
  }
  return false;
}
