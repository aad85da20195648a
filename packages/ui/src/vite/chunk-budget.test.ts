import { describe, expect, it } from "vitest";
import { chunkBudget, oversizedChunks } from "./chunk-budget.js";

const bundle = {
  "assets/index.js": { type: "chunk" as const, code: "x".repeat(600 * 1024) },
  "assets/members-page.js": { type: "chunk" as const, code: "x".repeat(20 * 1024) },
  "assets/big.css": { type: "asset" as const },
};

describe("chunk budget", () => {
  it("names the chunks over 500 kB, and only those", () => {
    expect(oversizedChunks(bundle)).toEqual(["assets/index.js (600 kB)"]);
    expect(oversizedChunks({ "assets/a.js": { type: "chunk", code: "x".repeat(500 * 1024) } })).toEqual([]);
  });

  it("fails the build with their names", () => {
    const plugin = chunkBudget();
    const context = { error: (message: string): never => { throw new Error(message); } };
    expect(() => plugin.generateBundle.call(context, {}, bundle)).toThrow(
      "JavaScript chunks over 500 kB: assets/index.js (600 kB). Load the page lazily or split the library out.",
    );
    expect(() => plugin.generateBundle.call(context, {}, { "assets/members-page.js": bundle["assets/members-page.js"] })).not.toThrow();
  });
});
