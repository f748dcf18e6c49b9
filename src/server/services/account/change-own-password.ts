import { eq } from "drizzle-orm";
import { hashPassword, verifyPassword } from "../../auth/passwords";
import type { UserRow } from "../../db/schema";
import type { GatewayContext } from "../../gateway/context";
import { audit } from "../../gateway/audit";
import { ServiceError } from "../service-error";

/** The signed-in user's own password; the current one is required, so a borrowed session cannot lock its owner out. */
export async function changeOwnPassword(gateway: GatewayContext, user: UserRow, input: { currentPassword: string; newPassword: string }) {
  if (user.passwordHash === null) throw new ServiceError("invalid", "This account signs in through single sign-on and has no password here");
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) throw new ServiceError("invalid", "The current password is not right");
  const { users } = gateway.database.tables;
  await gateway.database.db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword) })
    .where(eq(users.id, user.id));
  await audit(gateway, { actor: user.email, teamId: null, action: "user.password_changed", targetType: "user", targetId: user.id, details: {} });
  return { changed: true };
}
