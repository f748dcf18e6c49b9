import { addMember, createUser } from "../../auth/users";
import type { TeamRole, UserRow } from "../../db/schema";
import { afterEach, beforeEach } from "vitest";
import type { GatewayContext } from "../../gateway/context";
import { startHarness, type Harness } from "../../gateway/testing/gateway-harness";
import { createCaller } from "../root";
import { newTeamRow } from "../../gateway/keys/new-team-row";

/** email, team (none for a user in no team), role, and whether the user is an instance admin. */
export type Seat = [email: string, teamId: string | undefined, role: TeamRole, isAdmin?: boolean];

/**
 * Teams and signed-up members for dashboard procedure tests; returns the users by email.
 * For tests only: everyone gets the same password.
 */
export async function seedTeams(ctx: GatewayContext, teamIds: readonly string[], seats: readonly Seat[]): Promise<Record<string, UserRow>> {
  const now = new Date(ctx.now());
  for (const teamId of teamIds) await ctx.keys.insertTeam(newTeamRow(teamId, teamId, now));
  const users: Record<string, UserRow> = {};
  for (const [email, teamId, role, isAdmin] of seats) {
    users[email] = await createUser(ctx.database, { email, password: "correct horse battery", isAdmin }, now);
    if (teamId) await addMember(ctx.database, teamId, users[email].id, role, now);
  }
  return users;
}

/** The tRPC error code a call fails with, or "no error". */
export function errorCode(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => "no error",
    (error: { code: string }) => error.code,
  );
}

/** The tRPC error code and message a call fails with, or code "no error". */
export function failure(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  return call.then(
    () => ({ code: "no error", message: "" }),
    (error: { code: string; message: string }) => ({ code: error.code, message: error.message }),
  );
}

/**
 * A fresh gateway per test with these teams and seats, and `as(email)`: a tRPC caller signed in as
 * that user (or nobody). Registers its own beforeEach/afterEach.
 */
export function dashboardTestbed(teamIds: readonly string[], seats: readonly Seat[]) {
  const bed = { harness: undefined as unknown as Harness, users: {} as Record<string, UserRow> };
  beforeEach(async () => {
    bed.harness = await startHarness();
    bed.users = await seedTeams(bed.harness.gateway.ctx, teamIds, seats);
  });
  afterEach(async () => {
    await bed.harness.close();
  });
  return {
    get harness() {
      return bed.harness;
    },
    get users() {
      return bed.users;
    },
    as: (email?: string) => createCaller({ user: email ? bed.users[email] : undefined, gateway: bed.harness.gateway.ctx }),
  };
}
