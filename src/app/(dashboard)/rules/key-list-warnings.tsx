"use client";

import { useEffect, useState } from "react";
import type { KeyListWarning } from "@/server/services/rules/check-key-models";
import { modelListSchema } from "@/server/services/rules/model-list";
import { trpc } from "../../trpc-client";

const debounceMs = 300;

function describe(warning: KeyListWarning): string {
  switch (warning.kind) {
    case "unknown":
      return `${warning.entry}: no deployment, wildcard, access group or cost-map entry has this name${warning.suggestion ? ` (did you mean ${warning.suggestion}?)` : ""}.`;
    case "matches_nothing":
      return `${warning.entry}: this pattern matches no known model.`;
    case "blocked_by_team":
      return `${warning.entry}: the team's list does not allow it, so this key could never use it.`;
  }
}

/** The server's warnings for a key list as it is typed: they warn, they do not stop the save. */
export function useKeyListWarnings(teamId: string | undefined, models: readonly string[]): KeyListWarning[] {
  const [warnings, setWarnings] = useState<KeyListWarning[]>([]);
  const joined = models.join("\n");
  useEffect(() => {
    const list = joined === "" ? [] : joined.split("\n");
    const parsed = modelListSchema.safeParse(list);
    if (!teamId || list.length === 0 || !parsed.success) {
      setWarnings([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      trpc.rules.checkKeyModels.mutate({ teamId, models: parsed.data }).then(
        (answer) => current && setWarnings(answer.warnings),
        () => current && setWarnings([]),
      );
    }, debounceMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [teamId, joined]);
  return warnings;
}

export function KeyListWarnings({ warnings, id }: { warnings: KeyListWarning[]; id?: string }) {
  return (
    <div id={id} role="status" aria-live="polite">
      {warnings.length > 0 && (
        <ul className="warning-list" aria-label="Warnings about this list">
          {warnings.map((warning) => (
            <li key={`${warning.kind}-${warning.entry}`}>
              <span aria-hidden="true">⚠ </span>
              {describe(warning)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
