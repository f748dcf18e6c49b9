import { createHash } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import type { Provider } from "next-auth/providers/index";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { readEnv } from "../../env";
import { runningGateway } from "../next/web-door";
import { clientAddress } from "../security/client-address";
import { SignInThrottle, throttledError } from "./sign-in-throttle";
import { checkCredentials, closeSession, createUser, findUserByEmail, openSession } from "./users";

/** The cookie-signing secret: NEXTAUTH_SECRET, else derived from the salt or master key. */
function authSecret(): string | undefined {
  const env = readEnv();
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  const base = env.SWITCHYARD_SALT_KEY ?? env.SWITCHYARD_MASTER_KEY;
  return base ? createHash("sha256").update(`nextauth:${base}`).digest("hex") : undefined;
}

/**
 * The session cookie is HttpOnly and SameSite=Lax always, and Secure (with the `__Secure-` prefix)
 * when the dashboard's public address is https. Behind a TLS proxy that address is NEXTAUTH_URL:
 * the server itself only sees http.
 */
function sessionCookie(secure: boolean) {
  return { name: `${secure ? "__Secure-" : ""}next-auth.session-token`, options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure } };
}

const secureCookies = readEnv().NEXTAUTH_URL?.startsWith("https://") ?? false;

/** This process's failed password sign-ins: only next-auth's route signs in, and its module loads once. */
const throttle = new SignInThrottle();

/** Bounded, so the throttle's keys and the password hashing stay small whatever is posted. */
const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

/** Any OpenID Connect provider, when SWITCHYARD_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET are set. */
function oidcProviders(): Provider[] {
  const env = readEnv();
  if (!env.SWITCHYARD_OIDC_ISSUER || !env.SWITCHYARD_OIDC_CLIENT_ID || !env.SWITCHYARD_OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: "oidc",
      name: env.SWITCHYARD_OIDC_NAME,
      type: "oauth",
      wellKnown: `${env.SWITCHYARD_OIDC_ISSUER.replace(/\/+$/, "")}/.well-known/openid-configuration`,
      clientId: env.SWITCHYARD_OIDC_CLIENT_ID,
      clientSecret: env.SWITCHYARD_OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (profile: { sub: string; email?: string; name?: string }) => ({ id: profile.sub, email: profile.email ?? null, name: profile.name ?? null }),
    },
  ];
}

/** An SSO user signs in as the Switchyard user with that email, created (with no team) the first time. */
async function sessionForSso(email: string, name: string | null | undefined): Promise<string> {
  const { ctx } = await runningGateway();
  const { database } = ctx;
  const user = (await findUserByEmail(database, email)) ?? (await createUser(database, { email, name: name ?? undefined }, new Date(ctx.now())));
  return openSession(database, user.id, new Date(ctx.now()));
}

/**
 * Email + password sign-in, and SSO when configured. next-auth keeps credentials sessions in a JWT cookie, so the cookie
 * only names a row in `auth_sessions`: that row is the session, checked on every request, and
 * deleted on sign-out.
 */
/**
 * next-auth's own logger prints a full stack for every unreadable session cookie, which anyone can
 * send: one line with the code and message instead, at warn, through the gateway's logger.
 */
const authLogger: NextAuthOptions["logger"] = {
  error(code, metadata) {
    const message = metadata instanceof Error ? metadata.message : (metadata as { message?: string } | undefined)?.message;
    void runningGateway().then(({ ctx }) => ctx.log.warn({ code, message }, "dashboard sign-in problem"));
  },
  warn(code) {
    void runningGateway().then(({ ctx }) => ctx.log.warn({ code }, "dashboard sign-in warning"));
  },
  debug() {},
};

export const authOptions: NextAuthOptions = {
  logger: authLogger,
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 8 * 3600 },
  useSecureCookies: secureCookies,
  cookies: { sessionToken: sessionCookie(secureCookies) },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const { ctx } = await runningGateway();
        const forwardedFor = request.headers?.["x-forwarded-for"];
        const attempt = {
          email,
          address: clientAddress(typeof forwardedFor === "string" ? forwardedFor : undefined, readEnv().SWITCHYARD_TRUSTED_PROXY_HOPS),
        };
        // Refused before the password is checked, right or wrong, until the lock passes.
        if (!throttle.admit(attempt, ctx.now()).allowed) throw new Error(throttledError);
        const user = await checkCredentials(ctx.database, email, password);
        if (!user) return null;
        throttle.succeeded(attempt, ctx.now());
        const sessionId = await openSession(ctx.database, user.id, new Date(ctx.now()));
        return { id: user.id, email: user.email, name: user.name, sessionId };
      },
    }),
    ...oidcProviders(),
  ],
  callbacks: {
    signIn({ user, account }) {
      // SSO needs an email to match the account by; credentials users always have one.
      return account?.provider !== "oidc" || typeof user.email === "string";
    },
    async jwt({ token, user, account }) {
      if (user && "sessionId" in user) token.sessionId = user.sessionId as string;
      if (account?.provider === "oidc" && user?.email) token.sessionId = await sessionForSso(user.email, user.name);
      return token;
    },
    session({ session, token }) {
      return { ...session, sessionId: token.sessionId as string | undefined };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sessionId === "string") await closeSession((await runningGateway()).ctx.database, token.sessionId);
    },
  },
};
