import pino, { type Logger } from "pino";

export type { Logger };

/**
 * JSON logs written asynchronously so logging never blocks a request. Anything that could hold
 * a credential is redacted by path, in case a caller logs more than it should.
 */
export function createLogger(level: string, destination: number | string = 1): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          "apiKey",
          "*.apiKey",
          "api_key",
          "*.api_key",
          "authorization",
          "*.authorization",
          "headers.authorization",
          "masterKey",
          "*.masterKey",
          "credential_values",
          "*.credential_values",
        ],
        censor: "[redacted]",
      },
    },
    pino.destination({ dest: destination, sync: false }),
  );
}

export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
