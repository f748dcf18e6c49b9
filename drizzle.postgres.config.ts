import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/server/db/schema-postgres/index.ts",
  out: "./drizzle/postgres",
});
