import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serializeAnswer } from "./transformer.ts";

class Money {
  constructor(readonly cents: number) {}
}

/** What goes on the wire: tRPC writes the transformer's result with JSON.stringify. */
const wire = (value: unknown) => JSON.stringify(serializeAnswer(value));
const superjsonWire = (value: unknown) => JSON.stringify(superjson.serialize(value));

describe("serializeAnswer", () => {
  it("sends plain JSON as superjson does: { json } and no meta, without superjson's walk", () => {
    const answers = [
      { id: "5b0d", name: "Acme", memberCount: 12, archived: false, parentId: null, tags: ["a", "b"], nested: [{ x: 1.5 }, []] },
      [],
      "text",
      0,
      null,
      Object.assign(Object.create(null) as object, { a: 1 }),
    ];
    for (const answer of answers) {
      expect(serializeAnswer(answer)).toEqual({ json: answer });
      expect(wire(answer)).toBe(superjsonWire(answer));
    }
  });

  it("writes Dates as superjson does: the ISO text, and their paths in meta", () => {
    const answers = [
      { id: "o1", createdAt: new Date("2026-12-08T00:58:27.041Z"), role: { key: "owner" } },
      [{ at: new Date(0), n: null }, { at: new Date(1), list: [new Date(2), 3] }],
      { deep: { deeper: { at: new Date(3) } } },
      new Date(4),
    ];
    for (const answer of answers) {
      expect(wire(answer)).toBe(superjsonWire(answer));
      expect(superjson.parse(wire(answer))).toEqual(answer);
    }
    expect(serializeAnswer({ at: new Date(0) }).meta).toEqual({ values: { at: ["Date"] }, v: 1 });
  });

  it("hands everything else to superjson, so the client gets the same values back", () => {
    const shared = { a: 1 };
    const date = new Date(5);
    const answers = [
      { total: 10n },
      { missing: undefined },
      [Number.NaN, Number.POSITIVE_INFINITY, -0],
      { set: new Set([1]), map: new Map([["k", 1]]) },
      { amount: new Money(5) },
      { first: shared, second: shared },
      { list: [shared, shared] },
      { first: date, second: date },
      { "a.b": new Date(6) },
      { invalid: new Date(Number.NaN) },
    ];
    for (const answer of answers) {
      expect(serializeAnswer(answer)).toEqual(superjson.serialize(answer));
      expect(wire(answer)).toBe(superjsonWire(answer));
    }
    expect(serializeAnswer({ first: shared, second: shared }).meta).toEqual({ referentialEqualities: { first: ["second"] }, v: 1 });
  });
});
