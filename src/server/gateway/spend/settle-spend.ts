import { sql } from "drizzle-orm";
import type { AppDatabase, Database } from "../../db";
import type { SpendTotals } from "./spend-writer";

/**
 * SQLite: adds the spend of every row after the settlement mark to its key's and team's running
 * total, sets keys' last use from the rows, and moves the mark past them, all through `tx` (one
 * transaction). Run every few seconds rather than with every batch of rows: each key touched is
 * a row rewritten, and with thousands of busy keys that cost more than the rows themselves. Run
 * at start too, so rows a crashed process wrote but had not settled are counted before any
 * budget is checked. Every writer of the file settles everyone's rows: totals come from the rows.
 */
export async function settleSpend(database: Database, tx: AppDatabase): Promise<SpendTotals> {
  const [mark] = await database.rows<{ through: number }>(tx, sql`select settled_through as through from spend_settlement where id = 1`);
  const through = mark?.through ?? 0;
  const keys = await database.rows<{ id: string; spend: number }>(
    tx,
    sql`with fresh as (
          select api_key as id, total(spend) as delta, max(end_time) as used from spend_logs
          where rowid > ${through} and api_key is not null group by api_key)
        update virtual_keys set spend = virtual_keys.spend + fresh.delta,
          last_used_at = max(coalesce(virtual_keys.last_used_at, 0), fresh.used)
        from fresh where virtual_keys.token = fresh.id
        returning virtual_keys.token as id, virtual_keys.spend as spend`,
  );
  const teams = await database.rows<{ id: string; spend: number }>(
    tx,
    sql`with fresh as (
          select team_id as id, total(spend) as delta from spend_logs
          where rowid > ${through} and team_id is not null group by team_id having delta > 0)
        update teams set spend = teams.spend + fresh.delta from fresh where teams.team_id = fresh.id
        returning teams.team_id as id, teams.spend as spend`,
  );
  await database.rows(
    tx,
    sql`insert into spend_settlement (id, settled_through) select 1, coalesce(max(rowid), ${through}) from spend_logs where true
        on conflict (id) do update set settled_through = excluded.settled_through returning settled_through`,
  );
  return { keys: keys.map((row) => [row.id, row.spend]), teams: teams.map((row) => [row.id, row.spend]) };
}
