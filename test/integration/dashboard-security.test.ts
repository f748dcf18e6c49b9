import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";

// The built server with the dashboard: headers, CSRF, sign-in throttling and cookies over real HTTP,
// signing in through next-auth's own endpoints as the browser does.
const admin = { email: "admin@security.test", password: "security-admin-password" };
const adminEnv = { SWITCHYARD_ADMIN_EMAIL: admin.email, SWITCHYARD_ADMIN_PASSWORD: admin.password };

interface SignInResult {
  status: number;
  /** next-auth's error code (CredentialsSignin, TooManyAttempts), if refused. */
  error: string | null;
  sessionCookie: string | undefined;
  /** The Set-Cookie line of the session cookie, attributes included. */
  sessionSetCookie: string | undefined;
}

const nameValue = (setCookie: string) => setCookie.split(";")[0];

async function signIn(baseUrl: string, credentials: { email: string; password: string }, headers: Record<string, string> = {}): Promise<SignInResult> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map(nameValue).join("; ");
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: cookies },
    body: new URLSearchParams({ csrfToken, ...credentials, json: "true" }),
    redirect: "manual",
  });
  const { url } = (await response.json()) as { url: string };
  const sessionSetCookie = response.headers.getSetCookie().find((line) => /next-auth\.session-token=/.test(line));
  return { status: response.status, error: new URL(url).searchParams.get("error"), sessionCookie: sessionSetCookie && nameValue(sessionSetCookie), sessionSetCookie };
}

function expectSecurityHeaders(response: Response) {
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(response.headers.get("permissions-policy")).toContain("camera=()");
  expect(response.headers.get("permissions-policy")).toContain("microphone=(self)");
  const policy = response.headers.get("content-security-policy") ?? "";
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("connect-src 'self'");
  expect(policy).toContain("object-src 'none'");
  const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  return /'nonce-([^']+)'/.exec(scriptSrc)![1];
}

function trpcMutation(baseUrl: string, path: string, input: unknown, headers: Record<string, string>) {
  return fetch(`${baseUrl}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(input) });
}

async function teamAliases(baseUrl: string, cookie: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/trpc/teams.mine`, { headers: { cookie } });
  const body = (await response.json()) as { result: { data: { teams: { teamAlias: string }[] } } };
  return body.result.data.teams.map((team) => team.teamAlias);
}

describe("the dashboard over plain http", () => {
  let gateway: GatewayProcess;
  let session: string;

  beforeAll(async () => {
    gateway = await startGateway({ config: "model_list: []\n", dashboard: true, env: adminEnv });
    const signedIn = await signIn(gateway.url, admin);
    expect(signedIn.error).toBeNull();
    session = signedIn.sessionCookie!;
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it("sends the security headers on /sign-in, and its scripts carry the CSP's nonce", async () => {
    const response = await fetch(`${gateway.url}/sign-in`);
    expect(response.status).toBe(200);
    const nonce = expectSecurityHeaders(response);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);

    // A fresh nonce each time: one seen once is no use to an attacker.
    const again = expectSecurityHeaders(await fetch(`${gateway.url}/sign-in`));
    expect(again).not.toBe(nonce);

    const asset = /<script[^>]+src="(\/_next\/static\/[^"]+)"/.exec(html)![1];
    const script = await fetch(gateway.url + asset);
    expect(script.status).toBe(200);
    expect(script.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("sends them on dashboard pages, signed in or redirected, and on /api", async () => {
    const page = await fetch(`${gateway.url}/keys`, { headers: { cookie: session } });
    expect(page.status).toBe(200);
    expectSecurityHeaders(page);
    expect(await page.text()).toContain("Keys");

    const redirected = await fetch(`${gateway.url}/`, { redirect: "manual" });
    expect(redirected.status).toBe(307);
    expectSecurityHeaders(redirected);

    expectSecurityHeaders(await fetch(`${gateway.url}/api/auth/csrf`));
    expectSecurityHeaders(await fetch(`${gateway.url}/api/trpc/teams.mine`, { headers: { cookie: session } }));
  });

  it("sets the session cookie HttpOnly and SameSite=Lax, not Secure over http", async () => {
    const { sessionSetCookie } = await signIn(gateway.url, admin);
    expect(sessionSetCookie).toMatch(/^next-auth\.session-token=/);
    expect(sessionSetCookie).toMatch(/; HttpOnly/i);
    expect(sessionSetCookie).toMatch(/; SameSite=Lax/i);
    expect(sessionSetCookie).toMatch(/; Path=\//i);
    expect(sessionSetCookie).not.toMatch(/; Secure/i);
  });

  it("refuses a tRPC mutation from another site with a tRPC-shaped 403, and runs the same-origin one", async () => {
    const foreign = await trpcMutation(gateway.url, "teams.create", { alias: "made by evil" }, { cookie: session, origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    const refused = (await foreign.json()) as { error: { message: string; data: { code: string; httpStatus: number } } };
    expect(refused.error.data).toMatchObject({ code: "FORBIDDEN", httpStatus: 403 });
    expect(refused.error.message).toMatch(/cross-site/i);

    // Without an Origin, the browser's other headers decide.
    expect((await trpcMutation(gateway.url, "teams.create", { alias: "made by evil" }, { cookie: session, "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await trpcMutation(gateway.url, "teams.create", { alias: "made by evil" }, { cookie: session, referer: "http://evil.example/page" })).status).toBe(403);

    // The batched form the dashboard's client sends is refused too, call by call.
    const batched = await fetch(`${gateway.url}/api/trpc/teams.create?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: session, origin: "http://evil.example" },
      body: JSON.stringify({ 0: { alias: "made by evil" } }),
    });
    expect(batched.status).toBe(403);
    expect(((await batched.json()) as { error: { data: { code: string } } }[])[0].error.data.code).toBe("FORBIDDEN");
    expect(await teamAliases(gateway.url, session)).not.toContain("made by evil");

    const same = await trpcMutation(gateway.url, "teams.create", { alias: "made here" }, { cookie: session, origin: gateway.url, "sec-fetch-site": "same-origin" });
    expect(same.status).toBe(200);
    expect(await teamAliases(gateway.url, session)).toContain("made here");
  });

  // Last in this block: it locks this client's address out of signing in.
  it("throttles wrong passwords for an email, then for the address, whatever X-Forwarded-For claims", async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await signIn(gateway.url, { email: admin.email, password: `wrong-${attempt}` });
      expect(wrong.error).toBe("CredentialsSignin");
    }
    const locked = await signIn(gateway.url, admin);
    expect(locked.status).toBe(401);
    expect(locked.error).toBe("TooManyAttempts");
    expect(locked.sessionCookie).toBeUndefined();

    // Another email from the same address still gets its answer, until the address has failed 20 times.
    for (let attempt = 0; attempt < 15; attempt++) {
      const wrong = await signIn(gateway.url, { email: `nobody-${attempt}@security.test`, password: "wrong-password" });
      expect(wrong.error).toBe("CredentialsSignin");
    }
    expect((await signIn(gateway.url, { email: "fresh@security.test", password: "wrong-password" })).error).toBe("TooManyAttempts");
    const spoofed = await signIn(gateway.url, { email: "fresh@security.test", password: "wrong-password" }, { "x-forwarded-for": "203.0.113.9" });
    expect(spoofed.error).toBe("TooManyAttempts");

    // A session opened before the lock keeps working: only signing in is refused.
    expect((await fetch(`${gateway.url}/api/trpc/teams.mine`, { headers: { cookie: session } })).status).toBe(200);
  });
});

describe("the dashboard behind https (NEXTAUTH_URL)", () => {
  const publicUrl = "https://dashboard.example.test";
  let gateway: GatewayProcess;

  beforeAll(async () => {
    gateway = await startGateway({ config: "model_list: []\n", dashboard: true, env: { ...adminEnv, NEXTAUTH_URL: publicUrl } });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it("sets a Secure, HttpOnly, SameSite=Lax session cookie and takes mutations from its public origin", async () => {
    const { error, sessionSetCookie, sessionCookie } = await signIn(gateway.url, admin);
    expect(error).toBeNull();
    expect(sessionSetCookie).toMatch(/^__Secure-next-auth\.session-token=/);
    expect(sessionSetCookie).toMatch(/; Secure/i);
    expect(sessionSetCookie).toMatch(/; HttpOnly/i);
    expect(sessionSetCookie).toMatch(/; SameSite=Lax/i);

    // The proxy in front passes another Host on; the public origin is still this site.
    const created = await trpcMutation(gateway.url, "teams.create", { alias: "behind the proxy" }, { cookie: sessionCookie!, origin: publicUrl });
    expect(created.status).toBe(200);
    expect((await trpcMutation(gateway.url, "teams.create", { alias: "evil" }, { cookie: sessionCookie!, origin: "https://evil.example.test" })).status).toBe(403);
  });
});
