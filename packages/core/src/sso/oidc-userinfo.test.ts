import { describe, expect, it } from "vitest";
import { lacksMappedClaims, mergeClaims } from "./oidc-userinfo.ts";

const mapping = { email: "email", name: "name", groups: "groups" };
const id = (claims: Record<string, unknown>) => ({ sub: "s", iss: "https://op.example", ...claims });

describe("which e-mail counts as verified", () => {
  it.each([
    ["email_verified: true", { email: "a@x.example", email_verified: true }, true],
    ['email_verified: "true" (a string, as some OPs send it)', { email: "a@x.example", email_verified: "true" }, true],
    ["email_verified: false", { email: "a@x.example", email_verified: false }, false],
    ["no email_verified", { email: "a@x.example" }, false],
    ["Entra's xms_edov: true without email_verified", { email: "a@x.example", xms_edov: true }, true],
    ["xms_edov: true does not override email_verified: false", { email: "a@x.example", email_verified: false, xms_edov: true }, false],
  ])("%s", (_label, claims, verified) => {
    expect(mergeClaims(id(claims), null, mapping).emailVerified).toBe(verified);
  });

  it("an e-mail mapped from another claim than `email` has no verification statement", () => {
    expect(mergeClaims(id({ upn: "a@x.example", email_verified: true }), null, { email: "upn" }).emailVerified).toBe(false);
  });

  it("email_verified is read from the source of the e-mail: UserInfo's address without it is unverified", () => {
    const merged = mergeClaims(id({ email: "old@x.example", email_verified: true }), { sub: "s", email: "new@x.example" }, mapping);
    expect(merged).toEqual({ attributes: { sub: "s", iss: "https://op.example", email: "new@x.example", email_verified: true }, emailVerified: false });
  });

  it("UserInfo's claims win and the id_token's fill the rest; groups from either", () => {
    const merged = mergeClaims(id({ name: "Id Token", groups: ["g1"] }), { sub: "s", name: "User Info", email: "a@x.example", email_verified: true }, mapping);
    expect(merged).toEqual({
      attributes: { sub: "s", iss: "https://op.example", name: "User Info", groups: ["g1"], email: "a@x.example", email_verified: true },
      emailVerified: true,
    });
  });
});

describe("when UserInfo is read", () => {
  it("only when the id_token lacks a mapped e-mail, name or groups claim", () => {
    expect(lacksMappedClaims({ sub: "s" }, mapping)).toBe(true);
    expect(lacksMappedClaims({ sub: "s", email: "a@x.example", name: "A" }, mapping)).toBe(true);
    expect(lacksMappedClaims({ sub: "s", email: "a@x.example", name: "A", groups: [] }, mapping)).toBe(false);
    expect(lacksMappedClaims({ sub: "s", email: "a@x.example" }, { email: "email", department: "department" })).toBe(false);
  });
});
