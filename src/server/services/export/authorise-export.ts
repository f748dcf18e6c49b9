import { membershipsOf } from "../../auth/users";
import type { UserRow } from "../../db/schema";
import { ServiceError } from "../service-error";

/**
 * Who may download a CSV export, as the page's procedures decide who may read it: a team's for
 * anyone in it (viewer and up), every team's (`teamId` null) for instance admins only. Returns the
 * scope's team id; throws before anything is read.
 */
export async function authoriseExport(database: Parameters<typeof membershipsOf>[0], user: UserRow | undefined, teamId: string | null): Promise<string | null> {
  if (!user) throw new ExportRefused(401, "Sign in first");
  if (teamId === null) {
    if (!user.isAdmin) throw new ExportRefused(403, "This needs an instance admin");
    return null;
  }
  const memberships = await membershipsOf(database, user);
  if (!memberships.some((membership) => membership.teamId === teamId)) throw new ExportRefused(403, "This needs the viewer role in that team");
  return teamId;
}

/** A refused export: 401 without a session, 403 without the role. */
export class ExportRefused extends ServiceError {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super("forbidden", message);
  }
}
