import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The framework-free core is a lint rule (eslint.config.mjs): these run the project's own config on
// small snippets placed at real paths, so a config change that loosens the boundary fails here.
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}${filePath}` });
  return result.messages.filter((message) => message.ruleId === "no-restricted-imports").map((message) => message.message);
}

describe("the gateway core imports no framework and no dashboard service", () => {
  it("refuses next/server under src/server/gateway, and allows it in src/app", async () => {
    const code = `import { NextResponse } from "next/server";\nexport const answer = NextResponse.json({});\n`;
    const inGateway = await restrictedImports(code, "src/server/gateway/handlers/answer.ts");
    expect(inGateway).toHaveLength(1);
    expect(inGateway[0]).toContain("'next/server' import is restricted");
    expect(await restrictedImports(code, "src/app/v1/answer/route.ts")).toEqual([]);
    expect(await restrictedImports(code, "src/server/next/answer.ts")).toEqual([]);
  });

  it.each([
    ["next", `import next from "next";`],
    ["next-auth", `import { getServerSession } from "next-auth";`],
    ["@trpc/server", `import { initTRPC } from "@trpc/server";`],
    ["react", `import { useState } from "react";`],
    ["react-dom/client", `import { createRoot } from "react-dom/client";`],
    ["the services by alias", `import { audit } from "@/server/services/audit";`],
    ["the services from a top-level gateway file", `import { audit } from "../services/audit";`],
    ["the services from a gateway subfolder", `import { diffCounts } from "../../services/cost-map/applied-version";`],
    ["the services through server/", `import { audit } from "../../../server/services/audit";`],
    ["a type only", `import type { Context } from "@trpc/server";`],
    ["a re-export", `export { NextRequest } from "next/server";`],
  ])("refuses %s", async (_name, code) => {
    expect(await restrictedImports(code, "src/server/gateway/management/example.ts")).toHaveLength(1);
  });

  it.each([
    ["a library", `import { z } from "zod";`],
    ["a gateway module", `import { GatewayError } from "../errors";`],
    ["code below the gateway", `import type { Deployment } from "../../config/types";`],
    ["a name that only starts like a framework", `import { nextTick } from "node:process";`],
  ])("allows %s", async (_name, code) => {
    expect(await restrictedImports(code, "src/server/gateway/management/example.ts")).toEqual([]);
  });
});

describe("unit tests need nothing outside the repository", () => {
  const copies = `import { copyText } from "../testing/cost-map-copies";\nexport const text = copyText("feb17a");\n`;

  it("refuses the shared cost-map copies, PostgreSQL and Redis helpers in a unit test, and keeps the boundary there", async () => {
    expect(await restrictedImports(copies, "src/server/gateway/pricing/example.test.ts")).toEqual([expect.stringContaining("*.integration.test.ts")]);
    const postgres = `import { createPostgresDatabase } from "../../db/testing/postgres-database";\n`;
    expect(await restrictedImports(postgres, "src/server/gateway/limits/example.test.ts")).toHaveLength(1);
    const redis = `import { startPrivateRedis } from "../redis/testing/private-redis";\n`;
    expect(await restrictedImports(redis, "src/server/redis/example.test.ts")).toHaveLength(1);
    const framework = `import { NextResponse } from "next/server";\n`;
    expect(await restrictedImports(framework, "src/server/gateway/pricing/example.test.ts")).toHaveLength(1);
  });

  it("allows them in an integration test beside the code", async () => {
    expect(await restrictedImports(copies, "src/server/gateway/pricing/example.integration.test.ts")).toEqual([]);
  });
});
