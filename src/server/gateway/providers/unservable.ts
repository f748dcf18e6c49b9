import { unservablePrefixes } from "../../config/long-tail-providers";
import { errorBody } from "../errors";
import type { Provider } from "./types";
import { UpstreamError } from "./upstream-error";

/**
 * A deployment of a provider Switchyard knows but cannot serve (aws_polly/, sagemaker/, ...): it
 * answers every request 501, never a 500 and never another provider. Not retryable: the same
 * answer every time, with no cooldown that would later read as "failing" (a 503).
 */
export const unservableProvider: Provider = {
  supports: () => true,
  buildRequest(_operation, deployment) {
    const reason = unservablePrefixes[deployment.providerPrefix] ?? "this provider is not supported";
    const message = `Model group "${deployment.modelGroup}" cannot be served by this deployment (${deployment.providerPrefix}/${deployment.upstreamModel}): ${reason}.`;
    throw new UpstreamError(501, errorBody(message, "invalid_request_error", "provider_not_supported"), { isRetryable: false });
  },
};
