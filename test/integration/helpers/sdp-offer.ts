import { RTCPeerConnection } from "werift";

/**
 * A real SDP offer (data channel `oai-events`) from a werift peer kept on loopback: no STUN,
 * host candidates on 127.0.0.1 only. Returns the offer and a close function.
 */
export async function makeOffer(): Promise<{ sdp: string; close: () => Promise<void> }> {
  const peer = new RTCPeerConnection({
    iceServers: [],
    iceUseIpv4: true,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ["127.0.0.1"],
    iceInterfaceAddresses: { udp4: "127.0.0.1" },
    icePortRange: [51000, 51999],
    iceFilterCandidatePair: (pair) => pair.localCandidate.host === "127.0.0.1" && pair.remoteCandidate.host === "127.0.0.1",
  });
  peer.createDataChannel("oai-events");
  await peer.setLocalDescription(await peer.createOffer());
  if (peer.iceGatheringState !== "complete") {
    await new Promise<void>((done) => peer.iceGatheringStateChange.subscribe((state) => state === "complete" && done()));
  }
  const sdp = peer
    .localDescription!.sdp.split(/\r?\n/)
    .filter((line) => !line.startsWith("a=candidate:") || line.split(" ")[4] === "127.0.0.1")
    .join("\r\n");
  return { sdp, close: () => peer.close().catch(() => undefined) };
}
