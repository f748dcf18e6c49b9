import { randomBytes } from "node:crypto";
import pg from "pg";

// A PostgreSQL database of a test's own on the machine's server (127.0.0.1:5432, trust auth),
// created empty and dropped afterwards. For tests only.

/** The server's maintenance database; override with SWITCHYARD_TEST_POSTGRES_URL. */
const adminUrl = process.env.SWITCHYARD_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface PostgresTestDatabase {
  url: string;
  name: string;
  /** Runs one statement in this database (assertions, or sabotage). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(statement: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function onAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createPostgresDatabase(prefix = "sy_test"): Promise<PostgresTestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await onAdmin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async query(statement, values) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query(statement, values)).rows;
      } finally {
        await client.end();
      }
    },
    // `with (force)` ends connections a stopped gateway may have left behind.
    drop: () => onAdmin(`drop database if exists ${name} with (force)`),
  };
}
