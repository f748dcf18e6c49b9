import { routingStrategies, type ConfigFile } from "./schema";
import type { RoutingStrategy } from "./types";

// What a LiteLLM file asks for that Switchyard does differently, said at start by YAML path:
// a setting is honoured or warned about, never dropped without a word.

/** LiteLLM strategies Switchyard has no router for, and what it routes by instead. */
export function routerSettingsWarnings(config: ConfigFile): string[] {
  const strategy = config.router_settings?.routing_strategy;
  if (strategy === undefined || servesStrategy(strategy)) return [];
  return [`router_settings.routing_strategy: "${strategy}" is not implemented by Switchyard; requests are routed with "simple-shuffle" (weighted by rpm/tpm/weight)`];
}

function servesStrategy(name: string): name is RoutingStrategy {
  return (routingStrategies as readonly string[]).includes(name);
}

/** The strategy the router uses for a configured LiteLLM strategy name. */
export function servedStrategy(name: string | undefined): RoutingStrategy {
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
