import { routingStrategies, type ConfigFile } from "./schema";
import type { RoutingStrategy } from "./types";

// What a LiteLLM file asks for that Switchyard does differently, said at start by YAML path:
// a setting is honoured or warned about, never dropped without a word.

/** The `routing_strategy_args` latency-based routing reads; any other, or any with another strategy, is warned about. */
const latencyArgs = new Set(["ttl", "lowest_latency_buffer", "max_latency_list_size"]);

/** Router settings a LiteLLM file may carry that Switchyard does not act on, by YAML path. */
export function routerSettingsWarnings(config: ConfigFile): string[] {
  const settings = config.router_settings;
  const args = settings?.routing_strategy_args;
  if (!args) return [];
  const strategy = servedStrategy(settings?.routing_strategy);
  return Object.keys(args).flatMap((name) => {
    if (!latencyArgs.has(name)) return [`router_settings.routing_strategy_args.${name}: not used by Switchyard, ignored`];
    if (strategy !== "latency-based-routing") return [`router_settings.routing_strategy_args.${name}: only latency-based-routing reads it; ignored with "${strategy}"`];
    return [];
  });
}

function servesStrategy(name: string): name is RoutingStrategy {
  return (routingStrategies as readonly string[]).includes(name);
}

/** The strategy the router uses for a configured LiteLLM strategy name: usage-based-routing is served as its v2. */
export function servedStrategy(name: string | undefined): RoutingStrategy {
  if (name === "usage-based-routing") return "usage-based-routing-v2";
  return name !== undefined && servesStrategy(name) ? name : "simple-shuffle";
}

/** Read before the config, from the process environment: a value here would come too late. */
const readBeforeConfig = /^(SWITCHYARD_|DATABASE_URL$|REDIS_URL$|PORT$|HOST$)/;

export interface EnvironmentVariables {
  values: Record<string, string>;
  problems: string[];
  warnings: string[];
}

/**
 * `environment_variables:`, which LiteLLM exports into its environment before reading the rest of
 * the file: here they answer `os.environ/` references first and are exported at start (start-gateway.ts).
 */
export function environmentVariablesOf(raw: object): EnvironmentVariables {
  const section = (raw as Record<string, unknown>).environment_variables;
  const result: EnvironmentVariables = { values: {}, problems: [], warnings: [] };
  if (section === undefined || section === null) return result;
  if (typeof section !== "object" || Array.isArray(section)) {
    result.problems.push("environment_variables: must be a mapping of NAME: value");
    return result;
  }
  for (const [name, value] of Object.entries(section)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      result.values[name] = String(value);
      if (readBeforeConfig.test(name)) result.warnings.push(`environment_variables.${name}: read from the environment before the config is loaded; set it there`);
    } else {
      result.problems.push(`environment_variables.${name}: must be a string, number or boolean`);
    }
  }
  return result;
}
