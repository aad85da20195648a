/** Which sessions a back-channel logout or a deprovisioning event ends. */
import { describe, expect, it } from "vitest";
import { SessionStore } from "./sessions.ts";

const fields = (sub: string, sid: string, organizationId: string) => ({ sub, sid, organizationId, email: `${sub}@x.example`, name: sub, organizationName: organizationId, roles: ["member"], idToken: "t" });

function store() {
  const sessions = new SessionStore();
  const made = {
    annA1: sessions.create(fields("ann", "s1", "orgA")),
    annB2: sessions.create(fields("ann", "s2", "orgB")),
    bobA3: sessions.create(fields("bob", "s3", "orgA")),
  };
  const alive = () => Object.entries(made).filter(([, s]) => sessions.get(s.id)).map(([name]) => name);
  return { sessions, alive };
}

describe("SessionStore.end", () => {
  it("by sub and sid ends that one sign-in", () => {
    const { sessions, alive } = store();
    expect(sessions.end({ sub: "ann", sid: "s2" })).toBe(1);
    expect(alive()).toEqual(["annA1", "bobA3"]);
  });

  it("by sid alone (a logout token may name only the session)", () => {
    const { sessions, alive } = store();
    expect(sessions.end({ sid: "s3" })).toBe(1);
    expect(alive()).toEqual(["annA1", "annB2"]);
  });

  it("by sub ends every session of the person; with an organization only those made for it", () => {
    const { sessions, alive } = store();
    expect(sessions.end({ sub: "ann", organizationId: "orgB" })).toBe(1);
    expect(alive()).toEqual(["annA1", "bobA3"]);
    expect(sessions.end({ sub: "ann" })).toBe(1);
    expect(alive()).toEqual(["bobA3"]);
  });

  it("a match naming neither person nor session ends nothing", () => {
    const { sessions, alive } = store();
    expect(sessions.end({ organizationId: "orgA" })).toBe(0);
    expect(sessions.end({ sub: "nobody" })).toBe(0);
    expect(alive()).toEqual(["annA1", "annB2", "bobA3"]);
  });

  it("a pending login is taken once", () => {
    const { sessions } = store();
    sessions.startLogin("state-1", { verifier: "v", nonce: "n" });
    expect(sessions.takeLogin("state-1")).toMatchObject({ verifier: "v", nonce: "n" });
    expect(sessions.takeLogin("state-1")).toBeUndefined();
  });
});
