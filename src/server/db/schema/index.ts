export * from "./spend-logs";
export * from "./teams";
export * from "./virtual-keys";
export * from "./cost-maps";
export * from "./response-affinity";
export * from "./users";
export * from "./rate-limits";
export * from "./credentials";
