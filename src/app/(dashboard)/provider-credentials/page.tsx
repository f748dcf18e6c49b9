import type { Metadata } from "next";
import { CredentialsPanel } from "./credentials-panel";

export const metadata: Metadata = { title: "Credentials" };

// At /provider-credentials: /credentials is LiteLLM's management API path, which the gateway answers.
export default function CredentialsPage() {
  return (
    <main>
      <h1>Credentials</h1>
      <p className="lead">
        Provider API keys for the whole instance, stored encrypted. A deployment uses one by naming it in <code>litellm_credential_name</code>; a replaced or deleted key takes effect on the
        next request. Keys are never shown again once saved.
      </p>
      <CredentialsPanel />
    </main>
  );
}
