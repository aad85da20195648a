/**
 * GDPR erasure reaches the product's events: after a person is erased from an
 * organization, GET /v1/events shows the pseudonym where their e-mail address
 * was, a webhook not yet sent carries the pseudonym (verified with the
 * standardwebhooks library), and events about other people keep theirs.
 */
import { pseudonymFor } from "@atrium/core/privacy";
import { deliverDueWebhooks } from "@atrium/core/events";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newUser, patch, scimFor } from "../scim/scim-testing.ts";
import { startTestApi } from "../../testing.ts";
import { startReceiver, v1Caller } from "./v1-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const scim = await scimFor(api, acme, "acme.example");
const call = v1Caller(api);
const owner = await api.signedIn("admin@acme.example");
const root = await api.signedIn("root@atrium.example");

const receiver = await startReceiver();
const bodies = receiver.bodies;

interface FeedEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

async function allEvents(): Promise<FeedEvent[]> {
  const events: FeedEvent[] = [];
  let cursor: string | null = null;
  for (;;) {
    const response = await call("GET", `/v1/events?limit=100${cursor ? `&after=${cursor}` : ""}`);
    expect(response.status).toBe(200);
    const page = response.body as { data: FeedEvent[]; nextCursor: string | null; hasMore: boolean };
    events.push(...page.data);
    cursor = page.nextCursor;
    if (!page.hasMore) return events;
  }
}

/** Provisions and then deprovisions a person over SCIM: a user.provisioned and a user.deprovisioned, both naming their e-mail. */
async function provisionedThenDeprovisioned(email: string): Promise<string> {
  const created = await scim("POST", "/Users", newUser(email));
  expect(created.status).toBe(201);
  expect((await scim("PATCH", `/Users/${created.body.id}`, patch({ op: "replace", path: "active", value: false }))).status).toBe(200);
  return (await api.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
}

describe("erasure of a person's data in the event feed", () => {
  it("GET /v1/events and the pending webhook show the pseudonym, no longer the e-mail address", async () => {
    const applicationId = (await root.trpc.staff.applications.create.mutate({ slug: "erasure-hooks", name: "Erasure hooks" })).id;
    const url = receiver.url;
    const endpoint = await root.trpc.staff.webhooks.endpoints.create.mutate({ applicationId, url, eventTypes: ["user.deprovisioned"] });

    const rosa = await provisionedThenDeprovisioned("rosa.diaz@acme.example");
    const gina = await provisionedThenDeprovisioned("gina.linetti@acme.example");
    expect(JSON.stringify(await allEvents())).toContain("rosa.diaz@acme.example");

    await owner.trpc.members.remove.mutate({ orgId: acme, userId: rosa });
    await owner.trpc.members.privacy.erasePersonalData.mutate({ orgId: acme, userId: rosa });

    const pseudonym = pseudonymFor(acme, rosa);
    const events = await allEvents();
    expect(JSON.stringify(events)).not.toContain("rosa.diaz@acme.example");
    const about = (userId: string) => events.filter((e) => e.type.startsWith("user.") && e.data["userId"] === userId).map((e) => [e.type, e.data["email"]]);
    expect(about(rosa)).toEqual([
      ["user.provisioned", pseudonym],
      ["user.deprovisioned", pseudonym],
    ]);
    expect(about(gina)).toEqual([
      ["user.provisioned", "gina.linetti@acme.example"],
      ["user.deprovisioned", "gina.linetti@acme.example"],
    ]);

    // Both deprovisionings were still waiting to be sent: they go out with what the feed shows now.
    await deliverDueWebhooks(api.db);
    const sent = bodies.map((b) => new Webhook(endpoint.secret).verify(b.body, b.headers) as { type: string; data: { userId: string; email: string } });
    expect(sent.map((e) => [e.type, e.data.userId, e.data.email])).toEqual([
      ["user.deprovisioned", rosa, pseudonym],
      ["user.deprovisioned", gina, "gina.linetti@acme.example"],
    ]);

    const erased = await api.db.auditEvent.findFirstOrThrow({ where: { organizationId: acme, action: "privacy.erase", resourceId: rosa }, select: { details: true } });
    expect(erased.details).toMatchObject({ pseudonym, productEvents: 2 });
  });

  it("events stay append-only outside erasure", async () => {
    await expect(api.db.$executeRaw`UPDATE events SET data = '{}'::jsonb`).rejects.toThrow(/append-only/);
  });
});
