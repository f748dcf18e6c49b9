import { eq } from "drizzle-orm";
import { issuePasswordToken } from "../../auth/password-tokens";
import type { GatewayContext } from "../../gateway/context";
import { audit } from "../../gateway/audit";
import { ServiceError } from "../service-error";

/**
 * A reset link for someone's account. Instance admins only: an account may belong to many teams,
 * so a team owner resetting it could take over what it holds elsewhere. The token is returned
 * once, to be handed over; it is neither stored in the clear nor audited.
 */
export async function issuePasswordReset(gateway: GatewayContext, actor: string, userId: string) {
  const { users } = gateway.database.tables;
  const [user] = await gateway.database.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new ServiceError("not_found", "No such user");
  const issued = await issuePasswordToken(gateway.database, { userId, purpose: "reset", createdBy: actor }, new Date(gateway.now()));
  await audit(gateway, {
    actor,
    teamId: null,
    action: "user.password_reset_issued",
    targetType: "user",
    targetId: userId,
    details: { email: user.email, expiresAt: issued.expiresAt.toISOString() },
  });
  return { email: user.email, token: issued.token, expiresAt: issued.expiresAt.toISOString() };
}
