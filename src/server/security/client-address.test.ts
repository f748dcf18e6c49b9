import { describe, expect, it } from "vitest";
import { clientAddress, withPeerAddress } from "./client-address";

describe("clientAddress", () => {
  it("is the peer the server appended when no proxy is trusted, whatever the client claimed", () => {
    expect(clientAddress(withPeerAddress("203.0.113.9", "198.51.100.7"), 0)).toBe("198.51.100.7");
    expect(clientAddress(withPeerAddress(undefined, "198.51.100.7"), 0)).toBe("198.51.100.7");
  });

  it("is the address the trusted proxy saw, not what the client wrote before it", () => {
    // client forged 203.0.113.9; the proxy appended the real 192.0.2.1; our server appended the proxy 10.0.0.2
    expect(clientAddress(withPeerAddress("203.0.113.9, 192.0.2.1", "10.0.0.2"), 1)).toBe("192.0.2.1");
    expect(clientAddress(withPeerAddress(["203.0.113.9", "192.0.2.1"], "10.0.0.2"), 1)).toBe("192.0.2.1");
  });

  it("is unknown when fewer hops are listed than are trusted", () => {
    expect(clientAddress("10.0.0.2", 1)).toBeUndefined();
    expect(clientAddress(undefined, 0)).toBeUndefined();
    expect(clientAddress(" , ", 0)).toBeUndefined();
  });

  it("leaves the header alone without a peer", () => {
    expect(withPeerAddress("192.0.2.1", undefined)).toBe("192.0.2.1");
  });
});
