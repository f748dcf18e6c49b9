"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { trpc } from "../../trpc-client";
import { ActiveVersionCard } from "./active-version-card";
import type { Overview, Preview } from "./cost-map-types";
import { DiffView } from "./diff-view";
import { formatCount } from "./format";
import { Problem } from "./progress-note";
import { ReloadPanel, type PreviewRequest } from "./reload-panel";
import { VersionHistory } from "./version-history";

type Area = "reload" | "diff" | "history";

const codeOf = (error: unknown) => (error as { data?: { code?: string } } | undefined)?.data?.code;

function firstStep(request: PreviewRequest): string {
  if (request.kind === "file") return `Reading ${request.file.name}…`;
  if (request.kind === "url") return "Downloading and checking the map…";
  return "Loading and checking the configured source…";
}

/** The Cost map page: everyone signed in reads it; instance admins preview, apply and roll back. */
export function CostMapPanel() {
  const [overview, setOverview] = useState<Overview>();
  const [loadProblem, setLoadProblem] = useState<string>();
  const [preview, setPreview] = useState<Preview>();
  // One change at a time: while one runs, its area shows progress and every action button is disabled.
  const [running, setRunning] = useState<{ area: Area; text: string }>();
  const [problem, setProblem] = useState<{ area: Area; message: string }>();
  const [notice, setNotice] = useState<string>();
  // Disabled buttons only take effect after a render; a quick double click must not start two changes.
  const started = useRef(false);

  const load = useCallback(async () => {
    setLoadProblem(undefined);
    try {
      setOverview(await trpc.costMap.overview.query());
    } catch (error) {
      setLoadProblem((error as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function run(area: Area, text: string, action: (step: (text: string) => void) => Promise<string | undefined>) {
    if (started.current) return;
    started.current = true;
    setRunning({ area, text });
    setProblem(undefined);
    setNotice(undefined);
    try {
      setNotice(await action((next) => setRunning({ area, text: next })));
    } catch (error) {
      setProblem({ area, message: (error as Error).message });
    } finally {
      started.current = false;
      setRunning(undefined);
    }
  }

  const previewFrom = (request: PreviewRequest) =>
    run("reload", firstStep(request), async (step) => {
      let input: { url?: string; content?: string; fileName?: string } = {};
      if (request.kind === "url") input = { url: request.url };
      if (request.kind === "file") {
        const content = await request.file.text();
        step(`Checking ${request.file.name} and comparing it with the active version…`);
        input = { content, fileName: request.file.name };
      }
      setPreview(await trpc.costMap.preview.mutate(input));
      return undefined;
    });

  const apply = (previewId: number) =>
    run("diff", "Applying…", async () => {
      const applied = await trpc.costMap.applyPreview.mutate({ previewId });
      setPreview(undefined);
      await load();
      return `Version ${applied.versionId} is now active: ${formatCount(applied.modelCount)} models.`;
    });

  const discard = (previewId: number) =>
    run("diff", "Discarding…", async () => {
      try {
        await trpc.costMap.discard.mutate({ previewId });
      } catch (error) {
        if (codeOf(error) !== "NOT_FOUND") throw error;
        // Applied or discarded elsewhere meanwhile: nothing is left to discard, so let it go.
        setPreview(undefined);
        await load();
        return `Preview ${previewId} is no longer pending: it was applied or discarded elsewhere.`;
      }
      setPreview(undefined);
      return `Preview ${previewId} discarded; the active version did not change.`;
    });

  const rollback = (versionId: number) =>
    run("history", `Rolling back to version ${versionId}…`, async () => {
      const applied = await trpc.costMap.rollback.mutate({ versionId });
      await load();
      return `Version ${applied.versionId} is active again: ${formatCount(applied.modelCount)} models.`;
    });

  if (!overview) {
    return loadProblem ? (
      <div className="stack">
        <Problem message={`Could not load the cost map: ${loadProblem}`} />
        <div>
          <button type="button" className="secondary" onClick={() => void load()}>
            Try again
          </button>
        </div>
      </div>
    ) : (
      <p aria-busy="true" role="status">
        Loading the cost map…
      </p>
    );
  }

  const busy = running !== undefined;
  const progressOf = (area: Area) => (running?.area === area ? running.text : undefined);
  const problemOf = (area: Area) => (problem?.area === area ? problem.message : undefined);
  return (
    <div className="stack">
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {loadProblem && <Problem message={`Could not refresh the cost map: ${loadProblem}`} />}
      <ActiveVersionCard active={overview.active} />
      <ReloadPanel overview={overview} busy={busy} previewShown={preview !== undefined} progress={progressOf("reload")} problem={problemOf("reload")} onPreview={previewFrom} />
      {preview && (
        <DiffView
          preview={preview}
          busy={busy}
          progress={progressOf("diff")}
          problem={problemOf("diff")}
          onApply={() => apply(preview.previewId)}
          onDiscard={() => discard(preview.previewId)}
        />
      )}
      <VersionHistory
        versions={overview.versions}
        totalVersions={overview.totalVersions}
        canChange={overview.canChange}
        busy={busy}
        progress={progressOf("history")}
        problem={problemOf("history")}
        onRollback={rollback}
      />
    </div>
  );
}
