import type { Logger } from "pino";
import { ConfigError } from "./config/config-error";
import { loadConfigFile, parseConfig } from "./config/load-config";
import { isLoopbackHost, masterKeyWeakness } from "./config/master-key-strength";
import type { GatewayConfig } from "./config/types";
import { findMigrationsFolder } from "./db/migrate";
import { OutboundAllowList } from "./security/outbound-address";
import { bootstrapAdmin } from "./auth/bootstrap-admin";
import { builtinCostMapFile } from "./gateway/cost-maps/builtin-cost-map";
import { createGateway, type Gateway } from "./gateway/create-gateway";
import type { DeploymentStatusSnapshot } from "./gateway/health/deployment-status";
import { lookupEnvVar, type Env } from "../env";

/** Loads the config named by flags or env, or an empty one, and logs what it ignored. */
export function loadGatewayConfig(configPath: string | undefined, env: Env, log: Logger): GatewayConfig {
  const sources = {
    lookupEnv: (name: string) => lookupEnvVar(name),
    masterKeyFromEnv: env.SWITCHYARD_MASTER_KEY,
    azureApiVersionFromEnv: env.AZURE_API_VERSION,
    skipUnavailableGuardrails: env.SWITCHYARD_SKIP_UNAVAILABLE_GUARDRAILS === "1",
  };
  const loaded = configPath ? loadConfigFile(configPath, sources) : parseConfig("model_list: []\n", "(no config file)", sources);
  // As in LiteLLM, STORE_MODEL_IN_DB=True turns it on as the config key does.
  const config = env.STORE_MODEL_IN_DB === true && !loaded.storeModelInDb ? { ...loaded, storeModelInDb: true } : loaded;
  for (const warning of config.warnings) log.warn(`config ${config.source}: ${warning}`);
  if (!config.masterKey) log.warn("no master key set (general_settings.master_key or SWITCHYARD_MASTER_KEY): the management API is closed");
  else checkMasterKeyStrength(config, env, log);
  // As LiteLLM does: for libraries and providers that read the environment themselves.
  Object.assign(process.env, config.environmentVariables);
  return config;
}

/** A weak master key is refused unless only this machine can connect; then it is warned about, loudly. */
function checkMasterKeyStrength(config: GatewayConfig, env: Env, log: Logger): void {
  const weakness = masterKeyWeakness(config.masterKey ?? "");
  if (!weakness) return;
  const where = env.SWITCHYARD_MASTER_KEY === config.masterKey ? "SWITCHYARD_MASTER_KEY" : "general_settings.master_key";
  if (!isLoopbackHost(env.HOST)) {
    throw new ConfigError(config.source, [
      `${where}: the master key ${weakness}, and the server listens on ${env.HOST}, where other machines can reach it. Set a long random key (openssl rand -hex 32), or listen on 127.0.0.1 only (--host 127.0.0.1).`,
    ]);
  }
  log.warn(`!!! ${where}: the master key ${weakness}. Accepted only because the server listens on ${env.HOST} (this machine only); it is refused on any other address.`);
}

function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** How a gateway shares its process with the other thread: the dashboard's, or the main one. */
export interface ThreadRole {
  /** The change channel both threads' gateways join. */
  channel: string;
  /** Set in the dashboard's thread: asks the main thread to write its buffered spend rows. */
  flushMainThreadSpend?: () => Promise<void>;
  /** Set in the dashboard's thread: the main thread's view of each deployment. */
  mainThreadDeploymentStatus?: () => Promise<DeploymentStatusSnapshot>;
}

/** An allow list from the environment, refused at start when an entry is unreadable. */
function allowList(env: Env, name: "SWITCHYARD_COST_MAP_ALLOWED_HOSTS" | "SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS"): OutboundAllowList {
  try {
    return OutboundAllowList.parse(env[name]);
  } catch (error) {
    throw new Error(`Invalid environment: ${name}: ${(error as Error).message}`);
  }
}

/** One gateway from the environment: what both the Node server and the Next.js door start. */
export async function startGateway(options: { configPath?: string; env: Env; log: Logger; root: string; thread?: ThreadRole }): Promise<Gateway> {
  // Only the dashboard's thread has a main thread to ask.
  const dashboardThread = options.thread?.flushMainThreadSpend !== undefined;
  const config = loadGatewayConfig(options.configPath, options.env, options.log);
  const gateway = await createGateway({
    config,
    databaseUrl: options.env.DATABASE_URL,
    redisUrl: options.env.REDIS_URL,
    redisPrefix: options.env.SWITCHYARD_REDIS_PREFIX,
    changeConfirmTimeoutMs: options.env.SWITCHYARD_CHANGE_CONFIRM_TIMEOUT_MS,
    migrationsFolder: findMigrationsFolder(options.root),
    log: options.log,
    maxBodyBytes: options.env.SWITCHYARD_MAX_BODY_BYTES,
    costMapSource: options.env.SWITCHYARD_COST_MAP_URL,
    azureApiVersionFromEnv: options.env.AZURE_API_VERSION,
    builtinCostMapFile: builtinCostMapFile(options.root),
    costMapAllowedHosts: allowList(options.env, "SWITCHYARD_COST_MAP_ALLOWED_HOSTS"),
    credentialAllowedHosts: allowList(options.env, "SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS"),
    saltKeys: options.env.SWITCHYARD_SALT_KEY ? [options.env.SWITCHYARD_SALT_KEY, ...splitList(options.env.SWITCHYARD_SALT_KEY_PREVIOUS)] : undefined,
    corsOrigins: splitList(options.env.SWITCHYARD_CORS_ORIGINS),
    upkeep: !dashboardThread,
    threadChannel: options.thread?.channel,
    flushMainThreadSpend: options.thread?.flushMainThreadSpend,
    mainThreadDeploymentStatus: options.thread?.mainThreadDeploymentStatus,
  });
  // The main thread started first and made the first admin already.
  if (dashboardThread) return gateway;
  const admin = { email: options.env.SWITCHYARD_ADMIN_EMAIL, password: options.env.SWITCHYARD_ADMIN_PASSWORD };
  await bootstrapAdmin(gateway.ctx.database, admin, options.log, new Date());
  return gateway;
}
