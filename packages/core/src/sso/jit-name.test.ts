import { describe, expect, it } from "vitest";
import { jitName } from "./sign-in.ts";

describe("jitName", () => {
  it("collapses whitespace, drops control characters and cuts to 200 whole code points", () => {
    expect(jitName("  Ada \n Lovelace\u0000 ", "ada@x.example")).toBe("Ada Lovelace");
    expect(jitName("💩".repeat(250), "a@x.example")).toBe("💩".repeat(200));
    expect(jitName("x\ud800", "a@x.example")).toBe("x\ufffd");
  });

  it("falls back to the e-mail's local part when the IdP sends no name or only blanks", () => {
    expect(jitName(undefined, "grace@x.example")).toBe("grace");
    expect(jitName(" \t ", "grace@x.example")).toBe("grace");
  });
});
