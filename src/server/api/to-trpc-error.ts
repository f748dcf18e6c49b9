import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { isGatewayError } from "../gateway/errors";
import type { Logger } from "../log";
import { ServiceError } from "../services/service-error";

const codeOf = { not_found: "NOT_FOUND", conflict: "CONFLICT", invalid: "BAD_REQUEST", forbidden: "FORBIDDEN" } as const satisfies Record<ServiceError["code"], TRPCError["code"]>;

/** A domain refusal the gateway reports in its own terms (a missing salt key, a refused cost map), as the dashboard names it. */
function gatewayCodeOf(status: number): TRPCError["code"] {
  if (status === 404) return "NOT_FOUND";
  if (status === 409) return "CONFLICT";
  if (status === 403) return "FORBIDDEN";
  return "BAD_REQUEST";
}

/** An unexpected failure as the browser sees it: a generic message and the id of its one log line. */
export class InternalTRPCError extends TRPCError {
  constructor(readonly errorId: string) {
    super({ code: "INTERNAL_SERVER_ERROR", message: `Internal error (id: ${errorId})` });
  }
}

/**
 * The dashboard's one error mapping, as openstatus' `toTRPCError`: a ServiceError or a 4xx
 * GatewayError keeps its code and message; a deliberate TRPCError (sign-in, roles, bad input) is
 * kept as it is; anything else (a driver's message, a bug) is logged once with an id and
 * reaches the browser only as that id.
 */
export function toTRPCError(error: TRPCError, log: Logger, path: string): TRPCError {
  const cause = error.cause;
  if (cause instanceof ServiceError) return new TRPCError({ code: codeOf[cause.code], message: cause.message, cause });
  if (isGatewayError(cause) && cause.status >= 400 && cause.status < 500) return new TRPCError({ code: gatewayCodeOf(cause.status), message: cause.message, cause });
  if (error.code !== "INTERNAL_SERVER_ERROR" || error instanceof InternalTRPCError) return error;
  const internal = new InternalTRPCError(randomUUID());
  log.error({ err: cause ?? error, errorId: internal.errorId, path }, "dashboard procedure failed");
  return internal;
}
