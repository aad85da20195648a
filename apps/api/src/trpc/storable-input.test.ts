/**
 * Input PostgreSQL cannot store is refused at the edge with 400 and the
 * field: NUL characters and lone surrogates used to reach the database and
 * come back as 500 (found by the fuzz suite: workspaces.create,
 * retention.placeHold, groups.create).
 */
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");

describe("unstorable input", () => {
  it("refuses NUL characters and lone surrogates with 400 naming the field, and writes nothing", async () => {
    const before = await api.db.workspace.count({ where: { organizationId: acme } });
    for (const name of ["a\u0000b", "e9\udc00J", "x\ud800"]) {
      const error = await callError(owner.trpc.workspaces.create.mutate({ orgId: acme, name, visibility: "private" }));
      expect(error.status).toBe(400);
      expect(error.fieldErrors).toEqual({ name: [expect.stringMatching(/NUL characters or unpaired surrogates/)] });
    }
    const hold = await callError(owner.trpc.audit.retention.placeHold.mutate({ orgId: acme, name: "x", reason: "r", actorId: "a\ud800" } as never));
    expect(hold.status).toBe(400);
    expect(await api.db.workspace.count({ where: { organizationId: acme } })).toBe(before);
  });

  it("refuses absurdly nested input with 400", async () => {
    let deep: unknown = "x";
    for (let i = 0; i < 1_000; i++) deep = [deep];
    const error = await callError(owner.trpc.groups.create.mutate({ orgId: acme, name: "Deep", description: deep } as never));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/nested more than/);
  });

  it("still accepts emoji, right-to-left and zero-width characters", async () => {
    const created = await owner.trpc.workspaces.create.mutate({ orgId: acme, name: "Café 💩 ‮עברית​", visibility: "private" });
    expect(created.id).toBeTruthy();
  });
});
