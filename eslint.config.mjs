// ESLint flat config. typescript-eslint's recommended rules without type information (the
// type-checked set needs a TypeScript program per run: minutes on two cores, where tsc already
// runs in `npm run typecheck`). Formatting is Prettier's job (`prettier --check` in `npm run lint`).
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import { defineConfig, globalIgnores } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * The framework-free core: the gateway speaks Web Request/Response and is driven by either door
 * (Node or Next.js), so it may not reach into a framework or the dashboard's services.
 */
const gatewayBoundary = {
  patterns: [
    { group: ["next", "next/*", "next-auth", "next-auth/*"], message: "The gateway core is framework-free: Next.js glue belongs in src/server/next or src/app." },
    { group: ["@trpc/*"], message: "The gateway core is framework-free: tRPC belongs in src/server/api." },
    { group: ["react", "react/*", "react-dom", "react-dom/*"], message: "The gateway core renders nothing: React belongs in src/app." },
    {
      // The alias, and any relative path whose first named folder is services/ or server/services/
      // (so `../services` from gateway/x.ts and `../../services` from gateway/sub/x.ts alike).
      regex: "^(@/server/services|(\\.\\./)+(server/)?services)(/|$)",
      message: "The gateway core may not import the dashboard's services (they import the gateway, not the other way round).",
    },
  ],
};

/** Unit tests need nothing outside the repository: no database server, no Redis, no shared data. */
const unitTestNeeds = {
  group: ["**/testing/cost-map-copies", "**/db/testing/postgres-database", "**/redis/testing/private-redis"],
  message: "This helper reaches outside the repository (shared data, PostgreSQL or Redis): name the test *.integration.test.ts so the integration project runs it.",
};
const unitTests = { files: ["src/**/*.test.ts"], ignores: ["src/**/*.integration.test.ts"] };

export default defineConfig([
  globalIgnores([".next/", "dist/", "data/", "coverage/", "test-results/", "playwright-report/", "e2e/artifacts/", "next-env.d.ts"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names are deliberately unused (a positional parameter, a discarded member).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
    },
  },
  {
    files: ["src/server/gateway/**"],
    rules: { "no-restricted-imports": ["error", gatewayBoundary] },
  },
  { ...unitTests, rules: { "no-restricted-imports": ["error", { patterns: [unitTestNeeds] }] } },
  {
    // A later block's options replace an earlier one's: the gateway's unit tests keep both rules.
    ...unitTests,
    files: ["src/server/gateway/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [...gatewayBoundary.patterns, unitTestNeeds] }] },
  },
  {
    files: ["src/app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...nextPlugin.configs["core-web-vitals"].rules,
      // The two classic hook rules only: the React Compiler's rules (the rest of the plugin's
      // recommended set) cost over half of the lint time, and this app does not use the compiler.
      "react-hooks/rules-of-hooks": "error",
      // useLoaded takes a dependency list like useEffect, so its callers' lists are checked too.
      "react-hooks/exhaustive-deps": ["error", { additionalHooks: "^useLoaded$" }],
    },
  },
  {
    // Integration and e2e tests read JSON answers over HTTP and check them with expect: the answer's
    // shape is what the test asserts, so typing it first would restate the API in every test.
    files: ["test/**", "e2e/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // CommonJS files (one, shared by vitest, Playwright and plain Node): require is how they import.
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Playwright reads a test's first parameter as a destructuring pattern: `({}, testInfo)` asks for no fixtures.
    files: ["e2e/**/*.spec.ts"],
    rules: { "no-empty-pattern": ["error", { allowObjectPatternsAsParameters: true }] },
  },
  {
    files: ["e2e/realtime/**/*.{js,mjs}"],
    languageOptions: { globals: { ...globals.browser } },
  },
]);
