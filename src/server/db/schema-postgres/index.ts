// The PostgreSQL twin of ../schema (SQLite): same tables, columns and row types, native column
// types (timestamptz, boolean, jsonb). A test checks that the two stay in step.
export * from "./spend-logs";
export * from "./teams";
export * from "./virtual-keys";
export * from "./cost-maps";
export * from "./response-affinity";
export * from "./users";
export * from "./rate-limits";
export * from "./credentials";
export * from "./model-deployments";
export * from "./usage-hourly";
