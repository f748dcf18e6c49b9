import type { Logger } from "pino";
import type { ObservabilitySettings } from "../../config/types";
import { GenericApiExporter } from "./generic-api-exporter";
import { OtelExporter } from "./otel-exporter";
import { RequestObservers, type RequestObserver } from "./request-observer";

/** The exporters litellm_settings asks for, started once with the gateway. */
export function openObservers(settings: ObservabilitySettings | undefined, log: Logger): RequestObservers {
  const observers: RequestObserver[] = (settings?.callbacks ?? []).map((callback) =>
    callback.kind === "otlp" ? new OtelExporter(callback, { log, logMessages: settings!.logMessages }) : new GenericApiExporter(callback, { log, logMessages: settings!.logMessages }),
  );
  return new RequestObservers(observers, log);
}
