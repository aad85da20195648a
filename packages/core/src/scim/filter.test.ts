import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScimError } from "./errors.ts";
import { matches, parseFilter, parsePatchPath } from "./filter.ts";
import { applyOperation } from "./patch.ts";

const user = {
  userName: "Ada@Example.com",
  externalId: "EXT-1",
  active: true,
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [
    { value: "ada@example.com", type: "work", primary: true },
    { value: "ada@home.example", type: "home" },
  ],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Engineering" },
  meta: { lastModified: "2026-01-02T03:04:05Z" },
};

const onlyScimErrors = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    if (!(error instanceof ScimError) || error.status !== 400) throw error;
  }
};

const tokens = fc.constantFrom(
  "userName", "emails", "emails.value", "name.givenName", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "meta.lastModified",
  "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "and", "or", "not", "(", ")", "[", "]", '"ada"', '"x\\"y"', "true", "false", "null", "42", "-1.5e3", "type", ".", '"', "\\",
);

describe("SCIM filter parser", () => {
  it("parses precedence: not > and > or, with grouping", () => {
    expect(parseFilter('a eq "1" or b eq "2" and not (c pr)')).toEqual({
      op: "or",
      left: { op: "eq", path: { uri: undefined, attr: "a", sub: undefined }, value: "1" },
      right: {
        op: "and",
        left: { op: "eq", path: { uri: undefined, attr: "b", sub: undefined }, value: "2" },
        right: { op: "not", filter: { op: "pr", path: { uri: undefined, attr: "c", sub: undefined } } },
      },
    });
  });

  it("evaluates case rules, value paths, extension URNs and dates", () => {
    const t = (f: string) => matches("User", user, parseFilter(f));
    expect(t('userName eq "ada@example.com"')).toBe(true);
    expect(t('externalId eq "ext-1"')).toBe(false);
    expect(t('emails[type eq "home" and value ew ".example"]')).toBe(true);
    expect(t('emails[type eq "other"]')).toBe(false);
    expect(t('emails co "HOME"')).toBe(true);
    expect(t('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "engineering"')).toBe(true);
    expect(t('meta.lastModified ge "2026-01-02T03:04:05.000Z"')).toBe(true);
    expect(t('meta.lastModified lt "2026-01-01T00:00:00Z"')).toBe(false);
    expect(t("title eq null")).toBe(true);
    expect(t("active eq true and not (name.middleName pr)")).toBe(true);
  });

  it("never throws anything but a 400 ScimError for arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => onlyScimErrors(() => matches("User", user, parseFilter(s)))), { numRuns: 3000 });
  });

  it("never throws anything but a 400 ScimError for token soup", () => {
    fc.assert(
      fc.property(fc.array(tokens, { maxLength: 40 }), (parts) => onlyScimErrors(() => matches("User", user, parseFilter(parts.join(" "))))),
      { numRuns: 3000 },
    );
  });

  it("bounds nesting depth", () => {
    onlyScimErrors(() => parseFilter(`${"(".repeat(10_000)}a pr${")".repeat(10_000)}`));
    expect(() => parseFilter(`${"not (".repeat(100)}a pr${")".repeat(100)}`)).toThrow(ScimError);
  });
});

describe("SCIM PATCH paths", () => {
  it("parses value paths with a sub-attribute", () => {
    expect(parsePatchPath('emails[type eq "work"].value')).toMatchObject({ path: { attr: "emails" }, filter: { op: "eq" }, sub: "value" });
  });

  it("garbage paths, ops and values only ever produce 400 ScimErrors", () => {
    const value = fc.oneof(fc.string(), fc.boolean(), fc.integer(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }));
    const path = fc.oneof(fc.string({ maxLength: 60 }), fc.array(tokens, { maxLength: 8 }).map((p) => p.join("")), fc.constantFrom("emails[type eq \"work\"].value", "name.givenName", "members", "active"));
    fc.assert(
      fc.property(fc.constantFrom("add", "replace", "remove"), fc.option(path, { nil: undefined }), value, (op, p, v) => {
        const doc = structuredClone(user) as Record<string, unknown>;
        onlyScimErrors(() => applyOperation("User", doc, { op: op as "add", path: p, value: v }));
      }),
      { numRuns: 3000 },
    );
  });
});
