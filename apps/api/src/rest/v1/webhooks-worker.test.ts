/**
 * The real worker delivers webhooks: a SCIM deactivation over HTTP commits
 * its event and the delivery row together, the NOTIFY at commit wakes the
 * webhook-deliveries queue, and the receiver gets the event signed per
 * Standard Webhooks. The test waits on the delivery's and the job's state,
 * not on time.
 */
import { startQueueWorker } from "@atrium/worker/testing";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newUser, patch, scimFor } from "../scim/scim-testing.ts";
import { startTestApi } from "../../testing.ts";
import { startReceiver } from "./v1-testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const scim = await scimFor(api, acme, "acme.example");
const root = await api.signedIn("root@atrium.example");

const receiver = await startReceiver();
const bodies = receiver.bodies;

await startQueueWorker(api.databaseUrl, ["webhook-deliveries"]);

async function settled(endpointId: string) {
  for (;;) {
    const rows = await api.db.webhookDelivery.findMany({ where: { endpointId }, select: { status: true, eventId: true } });
    if (rows.length && rows.every((r) => r.status !== "pending")) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The first webhook-deliveries job that delivered something, once pg-boss has marked it completed. */
async function completedJob() {
  for (;;) {
    const [job] = await api.db.$queryRaw<{ output: unknown }[]>`
      SELECT output FROM pgboss.job WHERE name = 'webhook-deliveries' AND state = 'completed' AND (output->>'succeeded')::int > 0 LIMIT 1`;
    if (job) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("webhook-deliveries worker queue", () => {
  it("delivers a SCIM deprovisioning to the endpoint, signed, woken by the commit", async () => {
    const applicationId = (await root.trpc.staff.applications.create.mutate({ slug: "worker-hooks", name: "Worker hooks" })).id;
    const url = receiver.url;
    const endpoint = await root.trpc.staff.webhooks.endpoints.create.mutate({ applicationId, url, eventTypes: ["user.deprovisioned"] });
    const created = await scim("POST", "/Users", newUser("amy.santiago@acme.example"));
    expect((await scim("PATCH", `/Users/${created.body.id}`, patch({ op: "replace", path: "active", value: false }))).status).toBe(200);

    const [delivery] = await settled(endpoint.id);
    expect(delivery!.status).toBe("succeeded");
    // The job that delivered it completes after its delivery commits: wait for its state.
    expect(await completedJob()).toMatchObject({ output: { succeeded: 1, failed: 0 } });
    expect(bodies.length).toBe(1);
    const event = new Webhook(endpoint.secret).verify(bodies[0]!.body, bodies[0]!.headers) as { id: string; type: string; data: { email: string } };
    expect(event).toMatchObject({ id: delivery!.eventId, type: "user.deprovisioned", data: { email: "amy.santiago@acme.example", scimUserId: created.body.id } });
    expect(bodies[0]!.headers["webhook-id"]).toBe(delivery!.eventId);
  });
});
