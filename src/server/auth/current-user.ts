import { getServerSession } from "next-auth";
import type { UserRow } from "../db/schema";
import { runningGateway } from "../next/web-door";
import { authOptions } from "./auth-options";
import { userOfSession } from "./users";

/** The signed-in user, checked against the session row (not just the cookie); undefined otherwise. */
export async function currentUser(): Promise<UserRow | undefined> {
  const session = (await getServerSession(authOptions)) as { sessionId?: string } | null;
  if (!session?.sessionId) return undefined;
  const { ctx } = await runningGateway();
  return userOfSession(ctx.database, session.sessionId, new Date(ctx.now()));
}
