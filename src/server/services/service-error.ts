/** A dashboard service's typed failure; the tRPC layer maps it to a status in one place. */
export class ServiceError extends Error {
  constructor(
    readonly code: "not_found" | "conflict" | "invalid" | "forbidden",
    message: string,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}
