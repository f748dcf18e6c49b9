import { createHash } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { readEnv } from "../../env";
import { runningGateway } from "../gateway/web-door";
import { checkCredentials, closeSession, openSession } from "./users";

/** The cookie-signing secret: NEXTAUTH_SECRET, else derived from the salt or master key. */
function authSecret(): string | undefined {
  const env = readEnv();
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  const base = env.SWITCHYARD_SALT_KEY ?? env.SWITCHYARD_MASTER_KEY;
  return base ? createHash("sha256").update(`nextauth:${base}`).digest("hex") : undefined;
}

/**
 * Email + password sign-in. next-auth keeps credentials sessions in a JWT cookie, so the cookie
 * only names a row in `auth_sessions`: that row is the session, checked on every request, and
 * deleted on sign-out.
 */
export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 8 * 3600 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        const { ctx } = await runningGateway();
        const user = await checkCredentials(ctx.database.db, credentials.email, credentials.password);
        if (!user) return null;
        const sessionId = openSession(ctx.database.db, user.id, new Date(ctx.now()));
        return { id: user.id, email: user.email, name: user.name, sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user && "sessionId" in user) token.sessionId = user.sessionId as string;
      return token;
    },
    session({ session, token }) {
      return { ...session, sessionId: token.sessionId as string | undefined };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sessionId === "string") closeSession((await runningGateway()).ctx.database.db, token.sessionId);
    },
  },
};
