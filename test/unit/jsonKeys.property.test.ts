/** duplicateJsonKey: finds a key given twice in one object, and nothing in JSON.stringify's output. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { duplicateJsonKey } from "../../src/input/jsonKeys.js";

describe("duplicateJsonKey", () => {
  it("finds none in any JSON.stringify output, however nested or spaced", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (v, space) => {
        expect(duplicateJsonKey(JSON.stringify({ root: v }, null, space))).toBeUndefined();
      }));
  });
  it("finds a key given twice in one object, not the same key in two objects, and reads escaped keys", () => {
    expect(duplicateJsonKey('{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}')).toBeUndefined();
    expect(duplicateJsonKey('{"a":1, "b": {"x": "\\"a\\":", "x" : 2}}')).toBe("x");
    expect(duplicateJsonKey('{"p\\u0041":1,"pA":2}')).toBe("pA");
    expect(duplicateJsonKey('{"list":["a:", "b"], "k": ":", "list": 1}')).toBe("list");
  });
});
