import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { appRouter } from "./api/root";
import { rank, type Access } from "./api/trpc";
import { dashboardTestbed, errorCode } from "./api/testing/seed-teams";
import type { TeamRole } from "./db/schema";
import { masterKey } from "./gateway/testing/gateway-harness";
import { routes, type Route } from "./gateway/routes";

// The threat model (docs/security.md), held against the code: every dashboard procedure declares who may
// call it, docs/security.md lists each under that level, and everyone below it is refused; every
// gateway route that needs a key refuses callers without one, and every admin route refuses a
// plain key.

const bed = dashboardTestbed(
  ["team-a", "team-b"],
  [
    ["viewer@x.test", "team-a", "viewer"],
    ["member@x.test", "team-a", "member"],
    ["admin@x.test", "team-a", "admin"],
    ["owner@x.test", "team-a", "owner"],
    ["owner-b@x.test", "team-b", "owner"],
    ["outsider@x.test", undefined, "viewer"],
    ["instance-admin@x.test", undefined, "viewer", true],
  ],
);

/** Each kind of dashboard caller, with its role in team-a (the team every call names). */
const callers: { email?: string; signedIn: boolean; instanceAdmin: boolean; role?: TeamRole }[] = [
  { signedIn: false, instanceAdmin: false },
  { email: "outsider@x.test", signedIn: true, instanceAdmin: false },
  { email: "owner-b@x.test", signedIn: true, instanceAdmin: false },
  { email: "viewer@x.test", signedIn: true, instanceAdmin: false, role: "viewer" },
  { email: "member@x.test", signedIn: true, instanceAdmin: false, role: "member" },
  { email: "admin@x.test", signedIn: true, instanceAdmin: false, role: "admin" },
  { email: "owner@x.test", signedIn: true, instanceAdmin: false, role: "owner" },
  { email: "instance-admin@x.test", signedIn: true, instanceAdmin: true, role: "owner" },
];

function mayCall(access: Access, caller: (typeof callers)[number]): boolean {
  if (access === "token") return true; // refused by the token alone: see password-tokens.test.ts
  if (!caller.signedIn) return false;
  if (access === "signed-in") return true;
  if (access === "instance-admin") return caller.instanceAdmin;
  const minimum = access.slice("team:".length) as TeamRole;
  return caller.role !== undefined && rank[caller.role] >= rank[minimum];
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { access?: Access } } }>).map(([path, procedure]) => ({
  path,
  access: procedure._def.meta?.access,
}));

/** `| \`team:admin\` | \`keys.create\`, ... |` rows of docs/security.md's threat model, as path -> access. */
function readmeProcedures(): Map<string, string> {
  const readme = readFileSync(new URL("../../docs/security.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Threat model"));
  const listed = new Map<string, string>();
  for (const [, access, names] of section.matchAll(/^\| `(token|signed-in|instance-admin|team:\w+)` \| (.+) \|$/gm)) {
    for (const [, name] of names.matchAll(/`([\w.]+)`/g)) listed.set(name, access);
  }
  return listed;
}

describe("dashboard procedures", () => {
  it("each declares who may call it, as docs/security.md's threat model lists it", () => {
    expect(procedures.length).toBeGreaterThan(20);
    for (const { path, access } of procedures) expect(access, path).toBeDefined();
    expect(Object.fromEntries(readmeProcedures())).toEqual(Object.fromEntries(procedures.map(({ path, access }) => [path, access])));
  });

  it("refuse every caller below their level, before reading or changing anything", async () => {
    const refusals: string[] = [];
    for (const { path, access } of procedures) {
      for (const caller of callers) {
        const procedure = path.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], bed.as(caller.email)) as (input: unknown) => Promise<unknown>;
        // Only the team id: a caller let through then fails on the rest of the input (or reads).
        const code = await errorCode(procedure({ teamId: "team-a" }));
        const refused = code === "UNAUTHORIZED" || code === "FORBIDDEN";
        if (refused === mayCall(access!, caller)) refusals.push(`${path} as ${caller.email ?? "nobody"}: ${code}`);
        if (!caller.signedIn && access !== "token") expect(code, path).toBe("UNAUTHORIZED");
      }
    }
    expect(refusals).toEqual([]);
  });
});

/** A concrete path for a route: patterns get `x` for each parameter. */
const samplePath = (route: Route) =>
  typeof route.path === "string"
    ? route.path
    : route.path.source
        .replace(/^\^|\$$/g, "")
        .replaceAll("([^/]+)", "x")
        .replaceAll("\\/", "/");

describe("gateway routes", () => {
  it("refuse a request without a key on every route that needs one, and a plain key on every admin route", async () => {
    const created = await bed.harness.call("POST", "/key/generate", { key: masterKey, body: { models: ["gpt-4o"] } });
    const plainKey = ((await created.json()) as { key: string }).key;
    const wrong: string[] = [];
    for (const route of routes.filter((candidate) => candidate.auth !== "none")) {
      const path = samplePath(route);
      const anonymous = await bed.harness.call(route.method, path, { body: route.method === "GET" || route.method === "DELETE" ? undefined : {} });
      if (anonymous.status !== 401) wrong.push(`${route.method} ${path} without a key: ${anonymous.status}`);
      if (route.auth !== "admin") continue;
      const plain = await bed.harness.call(route.method, path, { key: plainKey, body: route.method === "GET" || route.method === "DELETE" ? undefined : {} });
      if (plain.status !== 403) wrong.push(`${route.method} ${path} with a plain key: ${plain.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
