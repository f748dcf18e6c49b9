import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../db";
import { hashPassword } from "./passwords";

export type PasswordTokenPurpose = "invite" | "reset";

/** An invite waits for a colleague to read their mail; a reset is asked for and used at once. */
export const tokenLifetimeMs: Record<PasswordTokenPurpose, number> = { invite: 7 * 86_400_000, reset: 3_600_000 };

const tokenFormat = /^syt_[A-Za-z0-9_-]{43}$/;

/** Only this is stored: a leaked table row cannot be turned back into a working link. */
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * A one-time link token (256 random bits) to set `userId`'s password. Any earlier unused token of
 * the user stops working, so only the newest link a person was sent is live.
 */
export async function issuePasswordToken(database: Database, input: { userId: string; purpose: PasswordTokenPurpose; createdBy: string }, now: Date) {
  const { passwordTokens } = database.tables;
  const token = `syt_${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(now.getTime() + tokenLifetimeMs[input.purpose]);
  await database.transaction(async (tx) => {
    await tx.delete(passwordTokens).where(and(eq(passwordTokens.userId, input.userId), isNull(passwordTokens.usedAt)));
    await tx
      .insert(passwordTokens)
      .values({ tokenHash: hashToken(token), userId: input.userId, purpose: input.purpose, createdBy: input.createdBy, createdAt: now, expiresAt, usedAt: null });
  });
  return { token, expiresAt };
}

/**
 * Sets the password a live token is for and spends the token, in one transaction: a second use,
 * an expired token, a malformed or unknown one all get undefined (the caller says one thing for
 * all). The user's sessions end, so a reset locks out whoever knew the old password.
 */
export async function redeemPasswordToken(database: Database, token: string, password: string, now: Date): Promise<{ userId: string; purpose: PasswordTokenPurpose } | undefined> {
  if (!tokenFormat.test(token)) return undefined;
  const { passwordTokens, users, authSessions } = database.tables;
  const passwordHash = await hashPassword(password); // before the transaction: nothing but tx is awaited inside
  return database.transaction(async (tx) => {
    const [spent] = await tx
      .update(passwordTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordTokens.tokenHash, hashToken(token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)))
      .returning({ userId: passwordTokens.userId, purpose: passwordTokens.purpose });
    if (!spent) return undefined;
    await tx.update(users).set({ passwordHash }).where(eq(users.id, spent.userId));
    await tx.delete(authSessions).where(eq(authSessions.userId, spent.userId));
    return spent;
  });
}
