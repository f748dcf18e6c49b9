import { randomUUID } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import type { Database } from "../db";
import type { TeamRole, UserRow } from "../db/schema";
import { hashPassword, verifyPassword } from "./passwords";

const sessionLifetimeMs = 8 * 3_600_000;

export async function findUserByEmail(database: Database, email: string): Promise<UserRow | undefined> {
  const { users } = database.tables;
  return (await database.db.select().from(users).where(eq(users.email, email.trim().toLowerCase())))[0];
}

/** A user; without a password (single sign-on) they can only sign in through the identity provider. */
export async function createUser(database: Database, input: { email: string; password?: string; name?: string; isAdmin?: boolean }, now: Date): Promise<UserRow> {
  const row: UserRow = {
    id: randomUUID(),
    email: input.email.trim().toLowerCase(),
    name: input.name ?? null,
    passwordHash: input.password === undefined ? null : await hashPassword(input.password),
    isAdmin: input.isAdmin ?? false,
    createdAt: now,
  };
  await database.db.insert(database.tables.users).values(row);
  return row;
}

/** The user if the password is right; the same work and answer for an unknown email. */
export async function checkCredentials(database: Database, email: string, password: string): Promise<UserRow | undefined> {
  const user = await findUserByEmail(database, email);
  const valid = await verifyPassword(password, user?.passwordHash ?? null);
  return valid ? user : undefined;
}

export async function openSession(database: Database, userId: string, now: Date): Promise<string> {
  const id = randomUUID();
  await database.db.insert(database.tables.authSessions).values({ id, userId, createdAt: now, expiresAt: new Date(now.getTime() + sessionLifetimeMs) });
  return id;
}

/** The signed-in user of a live session: signing out or deleting the row ends it at once. */
export async function userOfSession(database: Database, sessionId: string, now: Date): Promise<UserRow | undefined> {
  const { authSessions, users } = database.tables;
  const [row] = await database.db
    .select({ user: users })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.id, sessionId), gt(authSessions.expiresAt, now)));
  return row?.user;
}

export async function closeSession(database: Database, sessionId: string): Promise<void> {
  const { authSessions } = database.tables;
  await database.db.delete(authSessions).where(eq(authSessions.id, sessionId));
}

export interface Membership {
  teamId: string;
  teamAlias: string | null;
  role: TeamRole;
}

/** The teams a user may see, with their role; an instance admin is owner of every team. */
export async function membershipsOf(database: Database, user: UserRow): Promise<Membership[]> {
  const { teams, teamMembers } = database.tables;
  if (user.isAdmin) {
    const all = await database.db.select({ teamId: teams.teamId, teamAlias: teams.teamAlias }).from(teams);
    return all.map((team) => ({ ...team, role: "owner" as const }));
  }
  return database.db
    .select({ teamId: teamMembers.teamId, teamAlias: teams.teamAlias, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.teamId, teamMembers.teamId))
    .where(eq(teamMembers.userId, user.id));
}

export async function addMember(database: Database, teamId: string, userId: string, role: TeamRole, now: Date): Promise<void> {
  const { teamMembers } = database.tables;
  await database.db
    .insert(teamMembers)
    .values({ teamId, userId, role, createdAt: now })
    .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { role } });
}
