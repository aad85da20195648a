import { describe, expect, it } from "vitest";
import { findUnstorableText, MAX_INPUT_DEPTH } from "./text.ts";

describe("findUnstorableText", () => {
  it("accepts ordinary text, emoji (surrogate pairs), RTL and zero-width characters", () => {
    expect(findUnstorableText({ name: "Acme 💩 ‮ ​ é", tags: ["İstanbul", "ﬀ"], when: new Date(), n: 1, ok: null })).toBeNull();
  });

  it("names the field holding a NUL character or a lone surrogate, in values and keys", () => {
    expect(findUnstorableText({ name: "a\u0000b" })).toEqual({ path: "name", problem: "unstorable_text" });
    expect(findUnstorableText({ list: ["ok", "x\ud800"] })).toEqual({ path: "list.1", problem: "unstorable_text" });
    expect(findUnstorableText({ a: { b: "\udc00y" } })).toEqual({ path: "a.b", problem: "unstorable_text" });
    expect(findUnstorableText({ ["k\u0000"]: 1 })).toEqual({ path: "k\u0000", problem: "unstorable_text" });
    expect(findUnstorableText("\u0000")).toEqual({ path: "(input)", problem: "unstorable_text" });
    expect(findUnstorableText(new Map([["a", "\u0000"]]))?.problem).toBe("unstorable_text");
  });

  it("refuses nesting deeper than the limit without recursing into it", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)?.problem).toBe("too_deep");
    let fine: unknown = "x";
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) fine = { a: fine };
    expect(findUnstorableText(fine)).toBeNull();
  });
});

describe("storableText and storableJson", () => {
  it("replace NUL characters and lone surrogates with U+FFFD and keep everything else", async () => {
    const { storableJson, storableText } = await import("./text.ts");
    expect(storableText("a\u0000b\ud800c💩")).toBe("a\ufffdb\ufffdc💩");
    expect(JSON.parse(storableJson({ reason: "x\udc00", ["k\u0000"]: ["\u0000"], n: 1 }))).toEqual({ reason: "x\ufffd", ["k\ufffd"]: ["\ufffd"], n: 1 });
  });

  it("storableJson writes clean values as JSON.stringify does, a backslash before u0000 included, and cleans lone surrogates after a pair", async () => {
    const { storableJson } = await import("./text.ts");
    const clean = { a: "text with \\u0000 written out", b: ["💩", 1, null], when: new Date(0), nested: { "k\\ud800": true } };
    expect(storableJson(clean)).toBe(JSON.stringify(clean));
    expect(JSON.parse(storableJson({ x: "💩\udfff" }))).toEqual({ x: "💩\ufffd" });
  });
});
