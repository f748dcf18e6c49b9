import { eq } from "drizzle-orm";
import { redeemPasswordToken } from "../../auth/password-tokens";
import type { GatewayContext } from "../../gateway/context";
import { audit } from "../../gateway/audit";
import { ServiceError } from "../service-error";

/** One answer for every bad token (unknown, used, expired, malformed), so the refusal tells nothing. */
export const badTokenMessage = "This link is invalid, already used or expired. Ask for a new one.";

/** Whoever holds a live invite or reset link sets that account's password, once. */
export async function setPasswordWithToken(gateway: GatewayContext, input: { token: string; password: string }) {
  const spent = await redeemPasswordToken(gateway.database, input.token, input.password, new Date(gateway.now()));
  if (!spent) throw new ServiceError("invalid", badTokenMessage);
  const { users } = gateway.database.tables;
  const [user] = await gateway.database.db.select({ email: users.email }).from(users).where(eq(users.id, spent.userId));
  const action = spent.purpose === "invite" ? "user.invite_accepted" : "user.password_reset";
  await audit(gateway, { actor: user?.email ?? spent.userId, teamId: null, action, targetType: "user", targetId: spent.userId, details: {} });
  return { email: user?.email ?? null };
}
