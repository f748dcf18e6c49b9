import { randomUUID } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import type { AppDatabase } from "../db";
import { authSessions, teamMembers, teams, users, type TeamRole, type UserRow } from "../db/schema";
import { hashPassword, verifyPassword } from "./passwords";

const sessionLifetimeMs = 8 * 3_600_000;

export function findUserByEmail(db: AppDatabase, email: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

/** A user; without a password (single sign-on) they can only sign in through the identity provider. */
export async function createUser(db: AppDatabase, input: { email: string; password?: string; name?: string; isAdmin?: boolean }, now: Date): Promise<UserRow> {
  const row: UserRow = {
    id: randomUUID(),
    email: input.email.trim().toLowerCase(),
    name: input.name ?? null,
    passwordHash: input.password === undefined ? null : await hashPassword(input.password),
    isAdmin: input.isAdmin ?? false,
    createdAt: now,
  };
  db.insert(users).values(row).run();
  return row;
}

/** The user if the password is right; the same work and answer for an unknown email. */
export async function checkCredentials(db: AppDatabase, email: string, password: string): Promise<UserRow | undefined> {
  const user = findUserByEmail(db, email);
  const valid = await verifyPassword(password, user?.passwordHash ?? null);
  return valid ? user : undefined;
}

export function openSession(db: AppDatabase, userId: string, now: Date): string {
  const id = randomUUID();
  db.insert(authSessions).values({ id, userId, createdAt: now, expiresAt: new Date(now.getTime() + sessionLifetimeMs) }).run();
  return id;
}

/** The signed-in user of a live session: signing out or deleting the row ends it at once. */
export function userOfSession(db: AppDatabase, sessionId: string, now: Date): UserRow | undefined {
  const row = db
    .select({ user: users })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.id, sessionId), gt(authSessions.expiresAt, now)))
    .get();
  return row?.user;
}

export function closeSession(db: AppDatabase, sessionId: string): void {
  db.delete(authSessions).where(eq(authSessions.id, sessionId)).run();
}

export interface Membership {
  teamId: string;
  teamAlias: string | null;
  role: TeamRole;
}

/** The teams a user may see, with their role; an instance admin is owner of every team. */
export function membershipsOf(db: AppDatabase, user: UserRow): Membership[] {
  if (user.isAdmin) return db.select({ teamId: teams.teamId, teamAlias: teams.teamAlias }).from(teams).all().map((team) => ({ ...team, role: "owner" as const }));
  return db
    .select({ teamId: teamMembers.teamId, teamAlias: teams.teamAlias, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.teamId, teamMembers.teamId))
    .where(eq(teamMembers.userId, user.id))
    .all();
}

export function addMember(db: AppDatabase, teamId: string, userId: string, role: TeamRole, now: Date): void {
  db.insert(teamMembers).values({ teamId, userId, role, createdAt: now }).onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { role } }).run();
}
