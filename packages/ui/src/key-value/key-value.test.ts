import { MantineProvider } from "@mantine/core";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { KeyValueTree } from "./key-value-tree.tsx";
import { describeValue, sameValue, storedJson } from "./model.ts";

const moment = new Date(2026, 11, 7, 14, 36, 5);

describe("describeValue", () => {
  it("formats scalars through the format module and keeps the stored value when the text differs", () => {
    expect(describeValue(1234567)).toEqual({ kind: "text", text: "1,234,567", exact: "1234567" });
    expect(describeValue(700)).toEqual({ kind: "text", text: "700" });
    expect(describeValue(1.23456)).toEqual({ kind: "text", text: "1.23", exact: "1.23456" });
    expect(describeValue(true)).toEqual({ kind: "text", text: "Yes", exact: "true" });
    expect(describeValue(null)).toEqual({ kind: "text", text: "—", exact: "null", dim: true });
    expect(describeValue(undefined)).toEqual({ kind: "text", text: "Not present", dim: true });
    expect(describeValue("")).toEqual({ kind: "text", text: "Empty text", exact: '""', dim: true });
    expect(describeValue("alice@acme.example")).toEqual({ kind: "text", text: "alice@acme.example" });
  });

  it("reads ISO moments and calendar days as dates, and leaves look-alikes as text", () => {
    expect(describeValue(moment.toISOString())).toEqual({ kind: "text", text: "Dec 7, 2026, 02:36:05 PM", exact: moment.toISOString() });
    expect(describeValue("2026-12-07")).toEqual({ kind: "text", text: "Dec 7, 2026", exact: "2026-12-07" });
    expect(describeValue("2026-13-45T99:99Z")).toEqual({ kind: "text", text: "2026-13-45T99:99Z" });
    expect(describeValue("v2026-12-07")).toEqual({ kind: "text", text: "v2026-12-07" });
  });

  it("keeps every key of nested objects in stored order and every item of arrays", () => {
    expect(describeValue({ z: 1, a: { seats: [10, "x"] }, empty: {}, none: [] })).toEqual({
      kind: "object",
      entries: [
        { key: "z", node: { kind: "text", text: "1" } },
        { key: "a", node: { kind: "object", entries: [{ key: "seats", node: { kind: "list", items: [{ kind: "text", text: "10" }, { kind: "text", text: "x" }] } }] } },
        { key: "empty", node: { kind: "text", text: "No fields", exact: "{}", dim: true } },
        { key: "none", node: { kind: "text", text: "Empty list", exact: "[]", dim: true } },
      ],
    });
  });
});

describe("sameValue and storedJson", () => {
  it("compares stored JSON deeply, key order aside", () => {
    expect(sameValue({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue("1", 1)).toBe(false);
    expect(sameValue(null, {})).toBe(false);
  });

  it("copies the exact JSON, indented, bigints as digits", () => {
    expect(storedJson({ b: 1, a: { n: 12345678901234567890n } })).toBe('{\n  "b": 1,\n  "a": {\n    "n": "12345678901234567890"\n  }\n}');
  });
});

describe("KeyValueTree", () => {
  const render = (value: unknown, truncateAt?: number) =>
    renderToStaticMarkup(createElement(MantineProvider, null, createElement(KeyValueTree, { value, label: "Details", ...(truncateAt ? { truncateAt } : {}) })));

  it("renders fields as a named description list, nested objects inside their key's value, arrays as lists", () => {
    const html = render({ seats: 1200, sso: { enforced: false }, domains: ["acme.example", "acme.test"] });
    expect(html).toContain('role="group" aria-label="Details"');
    expect(html.match(/<dt[^>]*>([^<]*)<\/dt>/g)?.map((dt) => dt.replace(/<[^>]+>/g, ""))).toEqual(["seats", "sso", "enforced", "domains"]);
    expect(html).toMatch(/<dd[^>]*>.*<dl[^>]*>.*enforced.*No.*<\/dl>.*<\/dd>/s);
    expect(html).toMatch(/<ol[^>]*><li>.*acme\.example.*<\/li><li>.*acme\.test.*<\/li><\/ol>/s);
    expect(html).toContain('title="1200"');
    const text = html.slice(html.lastIndexOf("</style>") + "</style>".length).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
    expect(text).toBe("seats 1,200 sso enforced No domains acme.example acme.test");
  });

  it("cuts long text with the whole of it on hover and a Show all button", () => {
    const long = "x".repeat(50);
    const html = render({ note: long }, 20);
    expect(html).toContain(`title="${long}"`);
    expect(html).toContain(`${"x".repeat(20)}…`);
    expect(html).toContain('aria-label="Show all of note"');
    expect(html).toContain('aria-expanded="false"');
  });
});
