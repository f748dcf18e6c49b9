import { describe, expect, it } from "vitest";
import { hasDuplicateTopLevelKey } from "./duplicate-keys";

const check = (text: string) => hasDuplicateTopLevelKey(text);

describe("hasDuplicateTopLevelKey", () => {
  it("finds a top-level key named twice, however it is spelled", () => {
    expect(check('{"model":"a","previous_response_id":"resp_1","input":"x","previous_response_id":"resp_2"}')).toBe(true);
    expect(check('{"store":false,"model":"a","store":true}')).toBe(true);
    expect(check('{"input":"a", "model":"m" ,\n "input" : "b"}')).toBe(true);
    expect(check('{"store":false,"model":"a","st\\u006fre":true}')).toBe(true);
    expect(check('{"a/b":1,"model":"a","a\\/b":2}')).toBe(true);
  });

  it("is not fooled by the same name nested, as a value or inside a string", () => {
    expect(check('{"model":"input","input":[{"type":"message","input":"x","content":[{"type":"input_text","text":"\\"input\\": 2"}]}]}')).toBe(false);
    expect(check('{"text":{"format":{"type":"text"}},"input":[{"role":"user","content":[{"type":"input_text","text":"hi"}]}],"model":"m"}')).toBe(false);
    expect(check('{"model":"m","messages":[{"role":"user","content":"a \\\\"},{"role":"user","content":"{\\"model\\":1}"}],"user":"model"}')).toBe(false);
    expect(check('{"model":"m","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"model":{"type":"string"}}}}}]}')).toBe(false);
  });

  it("finds the duplicate after nested look-alikes too", () => {
    expect(check('{"text":{"format":{"type":"text"}},"input":[{"content":[{"type":"input_text","text":"hi"}]}],"text":{"format":{"type":"json_object"}}}')).toBe(true);
  });
});
