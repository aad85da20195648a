/**
 * GET /v1/events over real HTTP on real Postgres: events are written in the
 * transaction of the change (a SCIM deactivation gives exactly one
 * user.deprovisioned; a rolled-back change gives none), the cursor pages
 * exactly, and positions follow commit order so a reader never skips an
 * event that commits late.
 */
import { changePlan } from "@atrium/core/plans";
import { systemActor } from "@atrium/core/actor";
import { emitEvent } from "@atrium/core/events";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../../testing.ts";
import { newUser, patch, scimFor } from "../scim/scim-testing.ts";
import { errorOf, v1Caller } from "./v1-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const call = v1Caller(api);
const scim = await scimFor(api, acme, "acme.example");

interface Page {
  data: { id: string; type: string; organizationId: string; createdAt: string; data: Record<string, unknown> }[];
  nextCursor: string | null;
  hasMore: boolean;
}
const page = async (query: string) => {
  const response = await call("GET", `/v1/events${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as Page;
};

/** The cursor after every event so far: later reads see only what comes next. */
async function head(): Promise<string | null> {
  let cursor: string | null = null;
  for (;;) {
    const p: Page = await page(`?limit=100${cursor ? `&after=${cursor}` : ""}`);
    cursor = p.nextCursor;
    if (!p.hasMore) return cursor;
  }
}
const after = (cursor: string | null) => (cursor ? `&after=${cursor}` : "");

describe("GET /v1/events", () => {
  it("a SCIM deactivation over HTTP gives exactly one user.deprovisioned with the person, the record and the organization", async () => {
    const created = await scim("POST", "/Users", newUser("rosa.diaz@acme.example"));
    expect(created.status).toBe(201);
    const userId = (await api.db.user.findUniqueOrThrow({ where: { email: "rosa.diaz@acme.example" }, select: { id: true } })).id;
    const cursor = await head();

    const off = await scim("PATCH", `/Users/${created.body.id}`, patch({ op: "replace", path: "active", value: false }));
    expect(off.status).toBe(200);
    // The same deactivation again changes nothing, and emits nothing.
    expect((await scim("PATCH", `/Users/${created.body.id}`, patch({ op: "replace", path: "active", value: false }))).status).toBe(200);

    const events = await page(`?limit=100${after(cursor)}`);
    expect(events.data.map((e) => ({ type: e.type, organizationId: e.organizationId, data: e.data }))).toEqual([
      { type: "user.deprovisioned", organizationId: acme, data: { userId, email: "rosa.diaz@acme.example", scimUserId: created.body.id } },
    ]);
    expect(events.data[0]!.id).toMatch(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(events.hasMore).toBe(false);
  });

  it("a SCIM create of a linked, active record gives user.provisioned", async () => {
    const cursor = await head();
    const created = await scim("POST", "/Users", newUser("jake.peralta@acme.example"));
    expect(created.status).toBe(201);
    const userId = (await api.db.user.findUniqueOrThrow({ where: { email: "jake.peralta@acme.example" }, select: { id: true } })).id;
    const events = await page(`?limit=100&types=user.provisioned${after(cursor)}`);
    expect(events.data.map((e) => e.data)).toEqual([{ userId, email: "jake.peralta@acme.example", scimUserId: created.body.id }]);
  });

  it("SCIM group create, rename and delete over HTTP give directory_group.created, .updated and .deleted", async () => {
    const cursor = await head();
    const created = await scim("POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Night shift" });
    expect(created.status).toBe(201);
    const groupId = created.body.id as string;
    expect((await scim("PATCH", `/Groups/${groupId}`, patch({ op: "replace", path: "displayName", value: "Day shift" }))).status).toBe(200);
    expect((await scim("DELETE", `/Groups/${groupId}`)).status).toBe(204);
    const events = await page(`?limit=100&organizationId=${acme}${after(cursor)}`);
    expect(events.data.map((e) => [e.type, e.data])).toEqual([
      ["directory_group.created", { groupId, displayName: "Night shift" }],
      ["directory_group.updated", { groupId, displayName: "Day shift" }],
      ["directory_group.deleted", { groupId, displayName: "Day shift" }],
    ]);
  });

  it("a change that rolls back leaves no event; one that commits leaves one", async () => {
    const cursor = await head();
    await expect(
      api.db.$transaction(async (tx) => {
        await changePlan(tx, systemActor("test"), globex, "team", "a change that fails later");
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await page(`?limit=100${after(cursor)}`)).data).toEqual([]);

    const plan = (await api.db.organization.findUniqueOrThrow({ where: { id: globex }, select: { plan: true } })).plan;
    const next = plan === "team" ? "business" : "team";
    await api.db.$transaction((tx) => changePlan(tx, systemActor("test"), globex, next, "committed"));
    const events = await page(`?limit=100${after(cursor)}`);
    expect(events.data.map((e) => ({ type: e.type, organizationId: e.organizationId, data: e.data }))).toEqual([
      { type: "organization.plan_changed", organizationId: globex, data: { before: plan, after: next } },
    ]);
  });

  it("pages exactly: limit, nextCursor, hasMore; filters by organization and type; a poller with nothing new keeps its cursor", async () => {
    const start = await head();
    const emitted: string[] = [];
    for (let i = 0; i < 5; i++) {
      const org = i % 2 === 0 ? acme : globex;
      emitted.push(await api.db.$transaction((tx) => emitEvent(tx, org, "directory_group.updated", { groupId: crypto.randomUUID(), displayName: `Group ${i}` })));
    }
    const first = await page(`?limit=2${after(start)}`);
    expect(first.data.map((e) => e.id)).toEqual(emitted.slice(0, 2));
    expect(first.hasMore).toBe(true);
    const second = await page(`?limit=2&after=${first.nextCursor}`);
    expect(second.data.map((e) => e.id)).toEqual(emitted.slice(2, 4));
    expect(second.hasMore).toBe(true);
    const third = await page(`?limit=2&after=${second.nextCursor}`);
    expect(third.data.map((e) => e.id)).toEqual(emitted.slice(4));
    expect(third.hasMore).toBe(false);
    const idle = await page(`?limit=2&after=${third.nextCursor}`);
    expect(idle).toEqual({ data: [], nextCursor: third.nextCursor, hasMore: false });

    const globexOnly = await page(`?limit=100&organizationId=${globex}${after(start)}`);
    expect(globexOnly.data.map((e) => e.id)).toEqual([emitted[1], emitted[3]]);
    expect((await page(`?limit=100&types=organization.archived${after(start)}`)).data).toEqual([]);
    const both = await page(`?limit=100&types=organization.archived,directory_group.updated${after(start)}`);
    expect(both.data.map((e) => e.id)).toEqual(emitted);
  });

  it("an event whose transaction began first but commits last comes after, not before, the cursor a reader already holds", async () => {
    const start = await head();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let emittedInside!: () => void;
    const insideEmitted = new Promise<void>((resolve) => (emittedInside = resolve));
    const slow = api.db.$transaction(async (tx) => {
      const id = await emitEvent(tx, acme, "organization.archived", {});
      emittedInside();
      await held;
      return id;
    });
    await insideEmitted;
    const fast = await api.db.$transaction((tx) => emitEvent(tx, globex, "organization.archived", {}));
    const seen = await page(`?limit=100${after(start)}`);
    expect(seen.data.map((e) => e.id)).toEqual([fast]);
    release();
    const late = await slow;
    const next = await page(`?limit=100&after=${seen.nextCursor}`);
    expect(next.data.map((e) => e.id)).toEqual([late]);
  });

  it("refuses a cursor it did not give, an unknown type and a limit out of range, in the error shape", async () => {
    for (const query of ["?after=ev1_bm90LWEtY3Vyc29y", "?after=cursor", "?types=user.exploded", "?limit=101", "?limit=0"]) {
      const response = await call("GET", `/v1/events${query}`);
      expect(response.status, query).toBe(400);
      expect(errorOf(response).code).toBe("invalid_request");
    }
  });

  it("events are append-only in the database", async () => {
    await expect(api.db.$executeRaw`UPDATE events SET type = 'user.provisioned'`).rejects.toThrow(/append-only/);
    await expect(api.db.$executeRaw`DELETE FROM events`).rejects.toThrow(/append-only/);
  });
});
