import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

// e2e/fixtures/shared-data.cjs finds the cost-map copies for every suite. Here it runs from a
// project laid out in a temp folder, so each case decides whether shared/data is beside it.
const helper = resolve(__dirname, "../../../../e2e/fixtures/shared-data.cjs");
type SharedData = typeof import("../../../../e2e/fixtures/shared-data.cjs");

let workspace: string;
let savedEnv: string | undefined;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), "switchyard-shared-data-"));
  savedEnv = process.env.SWITCHYARD_SHARED_DATA;
  delete process.env.SWITCHYARD_SHARED_DATA;
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env.SWITCHYARD_SHARED_DATA;
  else process.env.SWITCHYARD_SHARED_DATA = savedEnv;
  rmSync(workspace, { recursive: true, force: true });
});

/** The helper as a clone at `workspace/project` (or another folder) would load it. */
function cloneHelper(project = join(workspace, "project")): SharedData {
  const fixtures = join(project, "e2e", "fixtures");
  mkdirSync(fixtures, { recursive: true });
  copyFileSync(helper, join(fixtures, "shared-data.cjs"));
  return createRequire(import.meta.url)(join(fixtures, "shared-data.cjs")) as SharedData;
}

describe("sharedDataFile", () => {
  it("finds shared/data beside the project, wherever it was cloned", () => {
    mkdirSync(join(workspace, "shared", "data"), { recursive: true });
    expect(cloneHelper().sharedDataFile("model_prices_x.json")).toBe(join(workspace, "shared", "data", "model_prices_x.json"));
  });

  it("takes the folder SWITCHYARD_SHARED_DATA names first", () => {
    mkdirSync(join(workspace, "shared", "data"), { recursive: true });
    mkdirSync(join(workspace, "elsewhere"));
    process.env.SWITCHYARD_SHARED_DATA = join(workspace, "elsewhere");
    expect(cloneHelper().sharedDataFolder()).toBe(resolve(workspace, "elsewhere"));
  });

  it("says where it looked and what to do when neither exists", () => {
    const { sharedDataFile } = cloneHelper();
    expect(() => sharedDataFile("model_prices_x.json")).toThrow(
      `The cost-map copies (model_prices_*.json) were not found: SWITCHYARD_SHARED_DATA is not set and ${join(workspace, "shared", "data")} (shared/data beside the project) does not exist. Put them there, or set SWITCHYARD_SHARED_DATA to their folder.`,
    );
  });

  it("says so when SWITCHYARD_SHARED_DATA names a folder that is not there, rather than looking elsewhere", () => {
    mkdirSync(join(workspace, "shared", "data"), { recursive: true });
    process.env.SWITCHYARD_SHARED_DATA = join(workspace, "missing");
    expect(() => cloneHelper().sharedDataFolder()).toThrow(`SWITCHYARD_SHARED_DATA is ${join(workspace, "missing")}, which does not exist`);
  });

  it("finds shared/data beside the local repository a scratch clone came from, and names both places when it is missing there too", () => {
    const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "ignore" });
    const upstream = join(workspace, "work", "main");
    const scratch = join(workspace, "scratch", "ci-check");
    mkdirSync(upstream, { recursive: true });
    mkdirSync(scratch, { recursive: true });
    git(upstream, "init", "-q");
    git(scratch, "init", "-q");
    git(scratch, "remote", "add", "origin", upstream);
    expect(() => cloneHelper(scratch).sharedDataFile("model_prices_x.json")).toThrow(`nor ${join(workspace, "work", "shared", "data")} (beside the repository it was cloned from) exists`);
    mkdirSync(join(workspace, "work", "shared", "data"), { recursive: true });
    expect(cloneHelper(scratch).sharedDataFile("model_prices_x.json")).toBe(join(workspace, "work", "shared", "data", "model_prices_x.json"));
  });
});
