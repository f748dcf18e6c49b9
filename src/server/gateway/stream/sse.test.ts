import { describe, expect, it } from "vitest";
import { SseSplitter, formatSseData, type SseEvent } from "./sse";

const encoder = new TextEncoder();

/** Feeds `text` in pieces of `size` bytes, then flushes; returns every event in order. */
function split(text: string, size = Number.POSITIVE_INFINITY): SseEvent[] {
  const splitter = new SseSplitter();
  const bytes = encoder.encode(text);
  const events: SseEvent[] = [];
  const step = Math.min(size, bytes.length || 1);
  for (let start = 0; start < bytes.length; start += step) events.push(...splitter.push(bytes.subarray(start, start + step)));
  return [...events, ...splitter.flush()];
}

const stream = [
  'data: {"id":"1","choices":[{"delta":{"content":"Grüße 🚀"}}]}',
  "",
  "event: response.output_text.delta",
  'data: {"type":"response.output_text.delta","delta":"ok"}',
  "",
  "data: [DONE]",
  "",
  "",
].join("\n");

const expected = [
  { event: undefined, data: '{"id":"1","choices":[{"delta":{"content":"Grüße 🚀"}}]}' },
  { event: "response.output_text.delta", data: '{"type":"response.output_text.delta","delta":"ok"}' },
  { event: undefined, data: "[DONE]" },
];

const fields = (events: SseEvent[]) => events.map(({ event, data }) => ({ event, data }));

describe("SseSplitter", () => {
  it("splits a whole stream into events", () => {
    expect(fields(split(stream))).toEqual(expected);
  });

  it("gives the same events fed one byte at a time, multi-byte characters included", () => {
    expect(fields(split(stream, 1))).toEqual(expected);
    for (const size of [2, 3, 5, 7, 13]) expect(fields(split(stream, size))).toEqual(expected);
  });

  it("accepts CRLF line endings, whole or one byte at a time", () => {
    const crlf = stream.replace(/\n/g, "\r\n");
    expect(fields(split(crlf))).toEqual(expected);
    expect(fields(split(crlf, 1))).toEqual(expected);
    expect(fields(split(crlf, 2))).toEqual(expected);
  });

  it("accepts bare CR line endings", () => {
    expect(fields(split(stream.replace(/\n/g, "\r"), 1))).toEqual(expected);
  });

  it("joins multi-line data with newlines", () => {
    expect(fields(split("data: first\ndata: second\ndata:\ndata: third\n\n"))).toEqual([{ event: undefined, data: "first\nsecond\n\nthird" }]);
  });

  it("drops comments and comment-only events", () => {
    expect(fields(split(": keep-alive\n\n: OPENROUTER PROCESSING\ndata: x\nid: 7\nretry: 10\n\n"))).toEqual([{ event: undefined, data: "x" }]);
  });

  it("removes exactly one space after the colon", () => {
    expect(split("data:x\n\ndata:  y\n\n").map((event) => event.data)).toEqual(["x", " y"]);
  });

  it("returns each event as soon as its blank line arrives", () => {
    const splitter = new SseSplitter();
    expect(splitter.push("data: a\n")).toEqual([]);
    expect(splitter.push("\ndata: b")).toEqual([{ event: undefined, data: "a", raw: "data: a" }]);
    expect(splitter.push("\n\n")).toMatchObject([{ data: "b" }]);
  });

  it("flushes an unterminated last event, and nothing when only white space is left", () => {
    const splitter = new SseSplitter();
    expect(splitter.push("data: done\n\ndata: last")).toMatchObject([{ data: "done" }]);
    expect(splitter.flush()).toEqual([{ event: undefined, data: "last", raw: "data: last" }]);
    expect(splitter.flush()).toEqual([]);
    const trailing = new SseSplitter();
    trailing.push("data: end\n");
    expect(trailing.flush()).toMatchObject([{ data: "end" }]);
    const blank = new SseSplitter();
    blank.push("\n");
    expect(blank.flush()).toEqual([]);
  });

  it("keeps each event's text as received", () => {
    expect(split("event: ping\ndata: {}\n\n")[0].raw).toBe("event: ping\ndata: {}");
  });
});

describe("formatSseData", () => {
  it("writes a data event, with an event name when given", () => {
    expect(formatSseData("[DONE]")).toBe("data: [DONE]\n\n");
    expect(formatSseData("{}", "message_start")).toBe("event: message_start\ndata: {}\n\n");
  });
});
