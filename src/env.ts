import { z } from "zod";

/**
 * The only reader of process.env. Everything else receives these values as arguments,
 * so tests can run many gateways with different settings in one process.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default("0.0.0.0"),
  SWITCHYARD_CONFIG: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).default("file:./data/switchyard.db"),
  /** Optional: shared rate limits and change notifications for several instances (redis://host:6379/0). */
  REDIS_URL: z.string().min(1).optional(),
  /** Before every Redis key and channel, so gateways sharing a Redis with others stay apart. */
  SWITCHYARD_REDIS_PREFIX: z.string().min(1).max(64).default("switchyard:"),
  /** How long a change made through the API or the console waits for every live instance to confirm it has applied it. */
  SWITCHYARD_CHANGE_CONFIRM_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  SWITCHYARD_MASTER_KEY: z.string().min(1).optional(),
  SWITCHYARD_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** On SIGTERM, how long requests in flight (streams included) may take to finish before they are cut. */
  SWITCHYARD_SHUTDOWN_GRACE_SECONDS: z.coerce.number().nonnegative().default(25),
  SWITCHYARD_LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  SWITCHYARD_DASHBOARD: z.enum(["on", "off"]).default("on"),
  /** "1": start although the config asks for guardrails Switchyard cannot enforce (each warned about). */
  SWITCHYARD_SKIP_UNAVAILABLE_GUARDRAILS: z.enum(["0", "1"]).default("0"),
  AZURE_API_VERSION: z.string().min(1).optional(),
  /** LiteLLM's environment spelling of general_settings.store_model_in_db (`True`/`true`/`1`). */
  STORE_MODEL_IN_DB: z
    .string()
    .optional()
    .transform((value) => (value === undefined ? undefined : /^(true|1|yes)$/i.test(value.trim()))),
  /** The operator's cost-map source: an http(s) URL or a file path, trusted as given. */
  SWITCHYARD_COST_MAP_URL: z.string().min(1).optional(),
  /**
   * Internal hosts (names, addresses or CIDR ranges, comma-separated) that a cost-map URL typed by
   * an admin may reach; without it only public addresses are fetched. Parsed (and refused if
   * unreadable) at start by OutboundAllowList.
   */
  SWITCHYARD_COST_MAP_ALLOWED_HOSTS: z.string().optional(),
  /**
   * The same for a stored credential's api_base (typed by an admin): internal hosts it may name and
   * reach. config.yaml's api_base values are the operator's and never checked.
   */
  SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS: z.string().optional(),
  /** Encrypts realtime tokens (derived from the master key if unset) and stored provider credentials (refused if unset). */
  SWITCHYARD_SALT_KEY: z.string().min(16).optional(),
  /** Earlier salt keys, comma-separated: tokens sealed with them still open during a rotation. */
  SWITCHYARD_SALT_KEY_PREVIOUS: z.string().optional(),
  /** Browser origins allowed to call /v1 (comma-separated, or *). */
  SWITCHYARD_CORS_ORIGINS: z.string().optional(),
  /** The first dashboard admin, created at start while no user exists. */
  SWITCHYARD_ADMIN_EMAIL: z.email().optional(),
  SWITCHYARD_ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Signs dashboard session cookies; derived from the salt or master key when unset. */
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  /** The dashboard's public address: https here makes the session cookie Secure; also a trusted Origin for CSRF checks. */
  NEXTAUTH_URL: z.url().optional(),
  /** Reverse proxies in front of the server whose X-Forwarded-For entries are trusted (for sign-in throttling by address). */
  SWITCHYARD_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Single sign-on: any OpenID Connect provider, switched on by setting these three. */
  SWITCHYARD_OIDC_ISSUER: z.url().optional(),
  SWITCHYARD_OIDC_CLIENT_ID: z.string().min(1).optional(),
  SWITCHYARD_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  SWITCHYARD_OIDC_NAME: z.string().min(1).default("SSO"),
});

export type Env = z.infer<typeof envSchema>;

/** Every variable the code reads (docs/configuration.md's environment table lists each; env.test.ts checks). */
export const environmentVariables = Object.keys(envSchema.shape);

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** Resolves `os.environ/NAME` references in the config; undefined when the variable is unset. */
export function lookupEnvVar(name: string, source: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = source[name];
  return value === undefined || value === "" ? undefined : value;
}
