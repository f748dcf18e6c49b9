"use client";

import { useRef, useState, type FormEvent } from "react";

interface LogLine {
  at: string;
  direction: "sent" | "received" | "info";
  text: string;
}

function waitForGathering(peer: RTCPeerConnection): Promise<void> {
  if (peer.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => peer.addEventListener("icegatheringstatechange", () => peer.iceGatheringState === "complete" && resolve()));
}

/** The quickstart client, step by step, with every state and event shown. */
export function RealtimeTester({ models }: { models: string[] }) {
  const [connection, setConnection] = useState("new");
  const [channel, setChannel] = useState("closed");
  const [log, setLog] = useState<LogLine[]>([]);
  const [problem, setProblem] = useState<string>();
  const peer = useRef<RTCPeerConnection | undefined>(undefined);
  const dataChannel = useRef<RTCDataChannel | undefined>(undefined);
  const note = (direction: LogLine["direction"], text: string) => setLog((lines) => [...lines, { at: new Date().toLocaleTimeString(), direction, text }]);

  async function connect(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setProblem(undefined);
    try {
      const minted = await fetch("/v1/realtime/client_secrets", {
        method: "POST",
        headers: { Authorization: `Bearer ${data.get("key")}`, "Content-Type": "application/json" },
        body: JSON.stringify({ model: data.get("model") }),
      });
      const secret = await minted.json();
      if (!minted.ok) throw new Error(secret.error?.message ?? `client_secrets answered ${minted.status}`);
      note("info", `token minted, expires ${new Date(secret.client_secret.expires_at * 1000).toLocaleTimeString()}`);

      const pc = new RTCPeerConnection();
      peer.current = pc;
      pc.addEventListener("connectionstatechange", () => setConnection(pc.connectionState));
      const media = await navigator.mediaDevices.getUserMedia({ audio: true });
      pc.addTrack(media.getTracks()[0]);
      const dc = pc.createDataChannel("oai-events");
      dataChannel.current = dc;
      dc.addEventListener("open", () => setChannel("open"));
      dc.addEventListener("close", () => setChannel("closed"));
      dc.addEventListener("message", (message) => note("received", String(message.data)));
      await pc.setLocalDescription(await pc.createOffer());
      await waitForGathering(pc);
      const answer = await fetch("/v1/realtime/calls", {
        method: "POST",
        body: pc.localDescription!.sdp,
        headers: { Authorization: `Bearer ${secret.client_secret.value}`, "Content-Type": "application/sdp" },
      });
      const sdp = await answer.text();
      if (!answer.ok) throw new Error(`calls answered ${answer.status}: ${sdp}`);
      note("info", `call ${answer.headers.get("Location") ?? ""} created`);
      await pc.setRemoteDescription({ type: "answer", sdp });
    } catch (error) {
      setProblem((error as Error).message);
    }
  }

  function sendSessionUpdate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const instructions = String(new FormData(event.currentTarget).get("instructions") ?? "");
    const message = JSON.stringify({ type: "session.update", session: { type: "realtime", instructions } });
    dataChannel.current?.send(message);
    note("sent", message);
  }

  function hangUp() {
    dataChannel.current?.close();
    peer.current?.close();
    setConnection("closed");
    setChannel("closed");
  }

  return (
    <div className="stack">
      {models.length === 0 && (
        <p className="notice" id="no-realtime-model">
          No realtime model is configured: add a deployment with <code>model_info: {"{ mode: realtime }"}</code> to the config (for example <code>openai/gpt-realtime</code>), then test it
          here.
        </p>
      )}
      <form onSubmit={connect} className="card row" aria-label="Connect">
        <label>
          Virtual key
          <input name="key" type="password" required placeholder="sk-..." autoComplete="off" />
        </label>
        {models.length > 0 ? (
          <label>
            Realtime model group
            <select name="model" required defaultValue={models[0]}>
              {models.map((model) => (
                <option key={model}>{model}</option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            Realtime model group
            <input name="model" required aria-describedby="no-realtime-model" />
          </label>
        )}
        <button type="submit">Connect</button>
        <button type="button" className="secondary" onClick={hangUp}>
          Hang up
        </button>
      </form>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <p>
        Connection: <strong data-testid="connection-state">{connection}</strong> · Data channel: <strong data-testid="channel-state">{channel}</strong>
      </p>
      <form onSubmit={sendSessionUpdate} className="row" aria-label="Send session.update">
        <label>
          Instructions
          <input name="instructions" defaultValue="Be brief." />
        </label>
        <button type="submit" disabled={channel !== "open"}>
          Send session.update
        </button>
      </form>
      <section className="card" aria-labelledby="event-log">
        <h2 id="event-log">Events</h2>
        {log.length === 0 ? (
          <p className="muted">Nothing yet.</p>
        ) : (
          <ol data-testid="event-log">
            {log.map((line, index) => (
              <li key={index}>
                <span className="muted">{line.at}</span> {line.direction}: <code>{line.text}</code>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
