import type { ConfigFile } from "./schema";
import type { CallbackDefinition, CallbackEvents, ObservabilitySettings } from "./types";

// litellm_settings.callbacks / success_callback / failure_callback, as LiteLLM reads them: a name
// in `callbacks` hears of every request, in `success_callback` of successes only, in
// `failure_callback` of failures only. Each exporter's settings come from the environment
// variables LiteLLM documents for it (environment_variables: first).

type LookupEnv = (name: string) => string | undefined;
type Destination = "otel" | "langfuse" | "arize" | "phoenix" | "generic_api";

const lists = [
  ["callbacks", { success: true, failure: true }],
  ["success_callback", { success: true, failure: false }],
  ["failure_callback", { success: false, failure: true }],
] as const;

/** The names LiteLLM gives each destination Switchyard sends to. */
const destinations: Record<string, Destination> = {
  otel: "otel",
  langfuse: "langfuse",
  langfuse_otel: "langfuse",
  arize: "arize",
  arize_phoenix: "phoenix",
  phoenix: "phoenix",
  generic_api: "generic_api",
};

/** Callbacks Switchyard serves itself: LiteLLM's `prometheus` is the gateway's own `GET /metrics`. */
const servedElsewhere = new Set(["prometheus"]);

interface Asked {
  name: string;
  path: string;
  events: CallbackEvents;
}

type NamedSettings = NonNullable<ConfigFile["callback_settings"]>[string];

/** The exporters the config asks for, each warned about (by YAML path) when it cannot send; undefined when none. */
export function compileCallbacks(
  settings: ConfigFile["litellm_settings"],
  named: ConfigFile["callback_settings"],
  lookupEnv: LookupEnv,
  problems: string[],
  warnings: string[],
): ObservabilitySettings | undefined {
  const used = new Set<string>();
  const asked = new Map<string, Asked>();
  for (const [list, events] of lists) {
    (settings?.[list] ?? []).forEach((name, index) => {
      const path = `litellm_settings.${list}[${index}]`;
      if (servedElsewhere.has(name)) return;
      // LiteLLM's named webhooks: `callbacks: ["my_hook"]` with `callback_settings.my_hook.callback_type: generic_api`.
      const own = named?.[name];
      if (own?.callback_type === "generic_api") used.add(name);
      const destination = own?.callback_type === "generic_api" ? `generic_api:${name}` : destinations[name];
      if (destination === undefined) {
        warnings.push(`${path}: callback "${name}" is not supported by Switchyard; nothing is sent to it`);
        return;
      }
      const earlier = asked.get(destination);
      // Named in two lists (success_callback and failure_callback): one exporter hears both.
      if (earlier) earlier.events = { success: earlier.events.success || events.success, failure: earlier.events.failure || events.failure };
      else asked.set(destination, { name, path, events });
    });
  }
  const env = (name: string) => {
    const value = lookupEnv(name)?.trim();
    return value === "" ? undefined : value;
  };
  for (const name of Object.keys(named ?? {})) {
    if (!used.has(name)) warnings.push(`callback_settings.${name}: not used by Switchyard (only a generic_api callback named in litellm_settings.callbacks is), ignored`);
  }
  const callbacks = [...asked].flatMap(([destination, entry]) => {
    const built = destination.startsWith("generic_api:")
      ? namedWebhook(entry, named![entry.name], env, problems, warnings)
      : builders[destination as Destination](entry, env, problems, warnings);
    return built ? [built] : [];
  });
  if (callbacks.length === 0) return undefined;
  const logMessages = settings?.turn_off_message_logging === false;
  if (!logMessages) {
    const names = callbacks.map((callback) => `"${callback.name}"`).join(", ");
    warnings.push(
      `litellm_settings.turn_off_message_logging: prompts and completions are not sent to ${names} (Switchyard's default, unlike LiteLLM's); set turn_off_message_logging: false to send them`,
    );
  }
  return { callbacks, logMessages };
}

type Builder = (asked: Asked, env: LookupEnv, problems: string[], warnings: string[]) => CallbackDefinition | undefined;

const builders: Record<Destination, Builder> = {
  otel(asked, env, problems, warnings) {
    const tracesEndpoint = env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    const base = env("OTEL_EXPORTER_OTLP_ENDPOINT") ?? env("OTEL_ENDPOINT");
    let url = tracesEndpoint ?? (base === undefined ? undefined : tracesPathOf(base));
    if (url === undefined) {
      url = "http://localhost:4318/v1/traces";
      warnings.push(`${asked.path}: "otel": OTEL_EXPORTER_OTLP_ENDPOINT is not set; spans go to ${url}, OTLP's default`);
    }
    const protocol = env("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") ?? env("OTEL_EXPORTER_OTLP_PROTOCOL") ?? env("OTEL_EXPORTER");
    // OTLP's default is protobuf; http/json when asked. LiteLLM's OTEL_EXPORTER names (otlp_http) mean the default.
    if (protocol !== undefined && !["http/json", "http/protobuf", "http", "otlp_http"].includes(protocol)) {
      warnings.push(`${asked.path}: "otel": protocol "${protocol}" is not supported; spans are sent as OTLP over HTTP (protobuf) to ${url}`);
    }
    const headers = {
      ...parseKeyValues(env("OTEL_EXPORTER_OTLP_HEADERS") ?? env("OTEL_HEADERS"), `${asked.path}: OTEL_EXPORTER_OTLP_HEADERS`, warnings),
      ...parseKeyValues(env("OTEL_EXPORTER_OTLP_TRACES_HEADERS"), `${asked.path}: OTEL_EXPORTER_OTLP_TRACES_HEADERS`, warnings),
    };
    const definition = otlp(asked, "otel", checkedUrl(url, asked, problems), headers, env, warnings);
    return protocol === "http/json" ? { ...definition, protocol } : definition;
  },

  langfuse(asked, env, problems, warnings) {
    const publicKey = env("LANGFUSE_PUBLIC_KEY");
    const secretKey = env("LANGFUSE_SECRET_KEY");
    const missing = [publicKey === undefined && "LANGFUSE_PUBLIC_KEY", secretKey === undefined && "LANGFUSE_SECRET_KEY"].filter(Boolean);
    if (missing.length > 0) {
      warnings.push(`${asked.path}: "${asked.name}" needs LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY; ${missing.join(" and ")} not set, so nothing is sent to Langfuse`);
      return undefined;
    }
    const host = env("LANGFUSE_OTEL_HOST") ?? env("LANGFUSE_HOST") ?? "https://cloud.langfuse.com";
    const url = checkedUrl(`${host.replace(/\/+$/, "")}/api/public/otel/v1/traces`, asked, problems);
    const authorization = `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString("base64")}`;
    return otlp(asked, "langfuse", url, { authorization }, env, warnings);
  },

  arize(asked, env, problems, warnings) {
    const spaceId = env("ARIZE_SPACE_ID") ?? env("ARIZE_SPACE_KEY");
    const apiKey = env("ARIZE_API_KEY");
    if (spaceId === undefined || apiKey === undefined) {
      warnings.push(`${asked.path}: "arize" needs ARIZE_SPACE_ID (or ARIZE_SPACE_KEY) and ARIZE_API_KEY; nothing is sent to Arize`);
      return undefined;
    }
    const url = env("ARIZE_HTTP_ENDPOINT") ?? "https://otlp.arize.com/v1/traces";
    if (env("ARIZE_ENDPOINT") !== undefined && env("ARIZE_HTTP_ENDPOINT") === undefined) {
      warnings.push(`${asked.path}: "arize": ARIZE_ENDPOINT is gRPC, which Switchyard does not send; spans go to ${url} over HTTP (set ARIZE_HTTP_ENDPOINT)`);
    }
    return otlp(asked, "arize", checkedUrl(url, asked, problems), { space_id: spaceId, api_key: apiKey }, env, warnings);
  },

  phoenix(asked, env, problems, warnings) {
    const endpoint = env("PHOENIX_COLLECTOR_HTTP_ENDPOINT") ?? env("PHOENIX_COLLECTOR_ENDPOINT");
    const url = endpoint === undefined ? "http://localhost:6006/v1/traces" : tracesPathOf(endpoint);
    const apiKey = env("PHOENIX_API_KEY");
    const definition = otlp(asked, "phoenix", checkedUrl(url, asked, problems), apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }, env, warnings);
    return { ...definition, resourceAttributes: { ...definition.resourceAttributes, "openinference.project.name": env("PHOENIX_PROJECT_NAME") ?? "default" } };
  },

  generic_api(asked, env, problems, warnings) {
    const endpoint = env("GENERIC_LOGGER_ENDPOINT");
    if (endpoint === undefined) {
      warnings.push(`${asked.path}: "generic_api" needs GENERIC_LOGGER_ENDPOINT; nothing is sent`);
      return undefined;
    }
    const headers = parseKeyValues(env("GENERIC_LOGGER_HEADERS"), `${asked.path}: GENERIC_LOGGER_HEADERS`, warnings);
    return { kind: "generic_api", name: asked.name, events: asked.events, url: checkedUrl(endpoint, asked, problems), headers };
  },
};

/** A `callback_settings` entry of `callback_type: generic_api`: its endpoint and headers (after GENERIC_LOGGER_HEADERS), and which events it wants. */
function namedWebhook(asked: Asked, own: NamedSettings, env: LookupEnv, problems: string[], warnings: string[]): CallbackDefinition | undefined {
  const where = `callback_settings.${asked.name}`;
  if (own.endpoint === undefined) {
    warnings.push(`${where}.endpoint: missing; nothing is sent to "${asked.name}"`);
    return undefined;
  }
  if (own.log_format !== undefined && own.log_format !== "json_array") warnings.push(`${where}.log_format: "${own.log_format}" is not supported; batches are sent as a JSON array`);
  const types = own.event_types;
  const events = {
    success: asked.events.success && (types === undefined || types.includes("llm_api_success")),
    failure: asked.events.failure && (types === undefined || types.includes("llm_api_failure")),
  };
  const headers = { ...parseKeyValues(env("GENERIC_LOGGER_HEADERS"), `${asked.path}: GENERIC_LOGGER_HEADERS`, warnings), ...own.headers };
  return { kind: "generic_api", name: asked.name, events, url: checkedUrl(own.endpoint, asked, problems), headers };
}

function otlp(
  asked: Asked,
  flavour: "otel" | "langfuse" | "arize" | "phoenix",
  url: string,
  headers: Record<string, string>,
  env: LookupEnv,
  warnings: string[],
): CallbackDefinition & { kind: "otlp" } {
  const resourceAttributes = parseKeyValues(env("OTEL_RESOURCE_ATTRIBUTES"), `${asked.path}: OTEL_RESOURCE_ATTRIBUTES`, warnings);
  const serviceName = env("OTEL_SERVICE_NAME") ?? resourceAttributes["service.name"] ?? "switchyard";
  return { kind: "otlp", name: asked.name, flavour, events: asked.events, url, protocol: "http/protobuf", headers, serviceName, resourceAttributes };
}

/** A base OTLP endpoint gets the traces path, as the OTLP exporter specification says (one that has it already keeps it, as LiteLLM does). */
function tracesPathOf(base: string): string {
  if (/\/v1\/traces\/?$/.test(base)) return base;
  return `${base.replace(/\/+$/, "")}/v1/traces`;
}

/** An http(s) URL, or a start-up problem naming the callback (the operator meant to send somewhere). */
function checkedUrl(value: string, asked: Asked, problems: string[]): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    problems.push(`${asked.path}: "${asked.name}" has no usable endpoint: "${value}" is not an http(s) URL`);
  }
  return value;
}

/** `key1=value1,key2=value2`, values URL-decoded: the OTel format of OTEL_EXPORTER_OTLP_HEADERS, which LiteLLM uses for GENERIC_LOGGER_HEADERS too. */
export function parseKeyValues(text: string | undefined, where: string, warnings: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const item of (text ?? "").split(",")) {
    if (item.trim() === "") continue;
    const at = item.indexOf("=");
    if (at <= 0) {
      // Not quoted: the entry may be a secret written wrongly.
      warnings.push(`${where}: an entry without "=" is left out`);
      continue;
    }
    values[item.slice(0, at).trim()] = decoded(item.slice(at + 1).trim());
  }
  return values;
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
