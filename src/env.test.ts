import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { environmentVariables } from "./env";

// The environment table in docs/configuration.md is the operator's list: every variable the code reads, no other.
describe("the environment table in docs/configuration.md", () => {
  it("lists exactly the variables src/env.ts reads", () => {
    const readme = readFileSync(new URL("../docs/configuration.md", import.meta.url), "utf8");
    const table = readme.slice(readme.indexOf("## Environment"), readme.indexOf("## config.yaml"));
    const listed = [...table.matchAll(/^\| (`[A-Z_]+`(?:, `[A-Z_]+`)*) \|/gm)].flatMap(([, names]) => [...names.matchAll(/`([A-Z_]+)`/g)].map(([, name]) => name));
    expect(listed.length).toBeGreaterThan(20);
    expect([...listed].sort()).toEqual([...environmentVariables].sort());
  });
});
