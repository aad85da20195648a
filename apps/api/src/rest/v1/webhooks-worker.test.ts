/**
 * The real worker delivers webhooks: a SCIM deactivation over HTTP commits
 * its event and the delivery row together, the NOTIFY at commit wakes the
 * webhook-deliveries queue, and the receiver gets the event signed per
 * Standard Webhooks. The test waits on the delivery's and the job's state,
 * not on time.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createDb } from "@atrium/db";
import { startWorker } from "@atrium/worker";
import { queues } from "@atrium/worker/queues";
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import { newUser, patch, scimClient, scimToken, verifiedDomain } from "../scim/scim-testing.ts";
import { startTestApi } from "../../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
await verifiedDomain(api.db, acme, "acme.example");
const scim = scimClient(api.url, (await scimToken(api.db, acme)).token);
const root = await api.signedIn("root@atrium.example");

const bodies: { body: string; headers: Record<string, string> }[] = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    bodies.push({ body, headers: req.headers as Record<string, string> });
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));

const workerDb = createDb(api.databaseUrl, { maxConnections: 3 });
const worker = await startWorker({
  databaseUrl: api.databaseUrl,
  db: workerDb,
  queues: queues({ mail: { describe: "none", send: async () => {} }, mailFrom: "x@y.z" }).filter((q) => q.name === "webhook-deliveries"),
  schedules: false,
  pollingIntervalSeconds: 0.5,
});
afterAll(async () => {
  await worker.stop();
  await workerDb.$disconnect();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

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
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
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
