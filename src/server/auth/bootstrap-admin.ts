import { count } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database } from "../db";
import { createUser, findUserByEmail } from "./users";

/** The first admin, from SWITCHYARD_ADMIN_EMAIL / SWITCHYARD_ADMIN_PASSWORD, while no user exists yet. */
export async function bootstrapAdmin(database: Database, admin: { email?: string; password?: string }, log: Logger, now: Date): Promise<void> {
  if (!admin.email || !admin.password) return;
  const [{ total }] = await database.db.select({ total: count() }).from(database.tables.users);
  if (total > 0) return;
  try {
    await createUser(database, { email: admin.email, password: admin.password, name: "Admin", isAdmin: true }, now);
    log.info(`created the first dashboard admin ${admin.email}`);
  } catch (error) {
    // Instances starting together: another one created the same admin first.
    if (!(await findUserByEmail(database, admin.email))) throw error;
  }
}
