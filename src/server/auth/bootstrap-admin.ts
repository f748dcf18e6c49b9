import { count } from "drizzle-orm";
import type { Logger } from "pino";
import type { AppDatabase } from "../db";
import { users } from "../db/schema";
import { createUser } from "./users";

/** The first admin, from SWITCHYARD_ADMIN_EMAIL / SWITCHYARD_ADMIN_PASSWORD, while no user exists yet. */
export async function bootstrapAdmin(db: AppDatabase, admin: { email?: string; password?: string }, log: Logger, now: Date): Promise<void> {
  if (!admin.email || !admin.password) return;
  const [{ total }] = db.select({ total: count() }).from(users).all();
  if (total > 0) return;
  await createUser(db, { email: admin.email, password: admin.password, name: "Admin", isAdmin: true }, now);
  log.info(`created the first dashboard admin ${admin.email}`);
}
