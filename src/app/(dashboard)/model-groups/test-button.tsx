"use client";

import { useState } from "react";
import { trpc } from "../../trpc-client";
import { CheckResultView, type CheckResult } from "./check-result";

/** Test: one small real request to this deployment, answered with its latency or the provider's error. Instance admins only (the server checks). */
export function TestButton({ deploymentId }: { deploymentId: string }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CheckResult>();
  const [problem, setProblem] = useState<string>();

  const test = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      setResult(await trpc.models.testDeployment.mutate({ deploymentId }));
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div aria-live="polite">
      <button type="button" className="secondary" onClick={test} disabled={busy} aria-label={`Test deployment ${deploymentId}`}>
        {busy ? "Testing…" : "Test"}
      </button>
      {result && (
        <div>
          <CheckResultView result={result} label={result.status === "healthy" ? "test passed" : "test failed"} />
        </div>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </div>
  );
}
