/**
 * Webhooks end to end over real HTTP and real Postgres: staff add an
 * endpoint; events are delivered to a local receiver that checks each
 * request with the standardwebhooks library's own Webhook.verify. The
 * receiver fails every third request (after processing it), yet ends with
 * each event exactly once (deduped by webhook-id) and in order per
 * organization. Delivery is driven with a stepped clock — no sleeping, no
 * timings. Also: the delivery log, replay, secret rotation with overlap,
 * reveal, type filters and who may do what.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { deliverDueWebhooks, emitEvent, nextDeliveryDue, RETRY_DELAYS_SECONDS } from "@atrium/core/events";
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import { callError, startTestApi } from "../../testing.ts";

const api = await startTestApi();
const root = await api.signedIn("root@atrium.example");
const csm = await api.signedIn("csm@atrium.example");
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;

interface Received {
  id: string;
  organizationId: string;
  type: string;
  body: string;
  headers: IncomingHttpHeaders;
  answered: number;
}

/** The receiver: records every request; answers 500 to every third (after recording it), 200 otherwise. */
const requests: Received[] = [];
let failEveryThird = true;
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    const event = JSON.parse(body) as { id: string; organizationId: string; type: string };
    const answered = failEveryThird && (requests.length + 1) % 3 === 0 ? 500 : 200;
    requests.push({ id: event.id, organizationId: event.organizationId, type: event.type, body, headers: req.headers, answered });
    res.writeHead(answered, { "content-type": "text/plain" }).end(answered === 200 ? "ok" : "receiver is busy");
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/atrium`;

const verify = (secret: string, r: Received) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>);

/** Runs delivery with a clock stepped past every retry delay until nothing is pending. */
let clock = Date.now() + 1000;
async function deliverAll() {
  for (let step = 0; step < 40; step++) {
    await deliverDueWebhooks(api.db, { now: new Date(clock) });
    if ((await api.db.webhookDelivery.count({ where: { status: "pending" } })) === 0) return;
    clock += RETRY_DELAYS_SECONDS.at(-1)! * 1000;
  }
  throw new Error("deliveries still pending after 40 steps");
}

const applicationId = (await root.trpc.staff.applications.create.mutate({ slug: "hooked", name: "Hooked" })).id;
const endpoint = await root.trpc.staff.webhooks.endpoints.create.mutate({ applicationId, url, description: "The product's receiver" });

const emit = (org: string, name: string) =>
  api.db.$transaction((tx) => emitEvent(tx, org, "directory_group.created", { groupId: crypto.randomUUID(), displayName: name }));

describe("webhooks", () => {
  it("a receiver failing every third request ends with each event exactly once, in order per organization, every request verified", async () => {
    const emitted = { [acme]: [] as string[], [globex]: [] as string[] };
    for (let i = 0; i < 5; i++) {
      emitted[acme]!.push(await emit(acme, `Acme ${i}`));
      emitted[globex]!.push(await emit(globex, `Globex ${i}`));
    }
    await deliverAll();

    for (const r of requests) {
      expect(verify(endpoint.secret, r)).toMatchObject({ id: r.id });
      expect(r.headers["webhook-id"]).toBe(r.id);
      expect(r.headers["webhook-timestamp"]).toMatch(/^\d{10}$/);
    }
    expect(requests.filter((r) => r.answered === 500).length).toBe(Math.floor(requests.length / 3));
    expect(requests.length).toBe(10 + Math.floor(requests.length / 3));

    // The receiver's view, deduped by webhook-id: each event once, per organization in emission order.
    for (const org of [acme, globex]) {
      const deduped = [...new Set(requests.filter((r) => r.organizationId === org).map((r) => r.id))];
      expect(deduped).toEqual(emitted[org]);
      // No event of an organization was sent before the previous one had succeeded.
      const seq = requests.filter((r) => r.organizationId === org);
      seq.forEach((r, i) => {
        if (i > 0 && seq[i - 1]!.id !== r.id) expect(seq[i - 1]!.answered).toBe(200);
      });
    }
    const ok = requests.filter((r) => r.answered === 200).map((r) => r.id);
    expect(ok.length).toBe(new Set(ok).size);
  });

  it("the delivery log shows each attempt, and replay sends the same event (same webhook-id) again", async () => {
    const log = await csm.trpc.staff.webhooks.deliveries.list.query({ applicationId, endpointId: endpoint.id });
    expect(log.length).toBe(10);
    expect(log.every((d) => d.status === "succeeded")).toBe(true);
    const retried = log.find((d) => d.log.length === 2)!;
    expect(retried.log.map((a) => [a.attempt, a.statusCode, a.responseExcerpt, a.error])).toEqual([
      [1, 500, "receiver is busy", null],
      [2, 200, "ok", null],
    ]);

    failEveryThird = false;
    const before = requests.length;
    await root.trpc.staff.webhooks.deliveries.replay.mutate({ applicationId, deliveryId: retried.id });
    expect(await callError(root.trpc.staff.webhooks.deliveries.replay.mutate({ applicationId, deliveryId: retried.id }))).toMatchObject({ status: 409 });
    await deliverAll();
    expect(requests.slice(before).map((r) => r.id)).toEqual([retried.eventId]);
    const after = (await root.trpc.staff.webhooks.deliveries.list.query({ applicationId, endpointId: endpoint.id })).find((d) => d.id === retried.id)!;
    expect(after.log.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 200],
      [3, 200],
    ]);
    expect(after.status).toBe("succeeded");
    const audit = await api.db.auditEvent.findFirst({ where: { action: "webhook.delivery_replay", resourceId: retried.id }, select: { organizationId: true, actorLabel: true } });
    expect(audit).toEqual({ organizationId: null, actorLabel: "root@atrium.example" });
  });

  it("a delivery that never succeeds is retried on the backoff schedule, then failed, and no longer holds back the next one", async () => {
    const dead = await root.trpc.staff.webhooks.endpoints.create.mutate({ applicationId, url: "http://127.0.0.1:9/unreachable", eventTypes: ["organization.archived"] });
    const first = await api.db.$transaction((tx) => emitEvent(tx, acme, "organization.archived", {}));
    const second = await api.db.$transaction((tx) => emitEvent(tx, acme, "organization.archived", {}));
    const key = { endpointId_eventId: { endpointId: dead.id, eventId: first } };
    const delays: number[] = [];
    for (let i = 0; i <= RETRY_DELAYS_SECONDS.length; i++) {
      const due = (await api.db.webhookDelivery.findUniqueOrThrow({ where: key, select: { nextAttemptAt: true } })).nextAttemptAt.getTime();
      clock = Math.max(clock, due);
      await deliverDueWebhooks(api.db, { now: new Date(clock) });
      const after = await api.db.webhookDelivery.findUniqueOrThrow({ where: key, select: { nextAttemptAt: true, status: true } });
      if (after.status === "pending") {
        delays.push((after.nextAttemptAt.getTime() - clock) / 1000);
        // The worker wakes for the retry, not for the delivery waiting behind it (due since it was queued).
        expect(await nextDeliveryDue(api.db)).toEqual(after.nextAttemptAt);
        // Held back while the earlier delivery to the same endpoint and organization is pending.
        expect((await api.db.webhookDelivery.findUniqueOrThrow({ where: { endpointId_eventId: { endpointId: dead.id, eventId: second } }, select: { attempts: true } })).attempts).toBe(0);
      }
    }
    // The waits after each failed attempt are the schedule's; after the last attempt the delivery is failed.
    expect(delays).toEqual([...RETRY_DELAYS_SECONDS]);
    const failed = await api.db.webhookDelivery.findUniqueOrThrow({ where: { endpointId_eventId: { endpointId: dead.id, eventId: first } }, select: { status: true, attempts: true } });
    expect(failed).toEqual({ status: "failed", attempts: RETRY_DELAYS_SECONDS.length + 1 });
    // Once the first has failed for good, the same run goes on to the next.
    const next = await api.db.webhookDelivery.findUniqueOrThrow({ where: { endpointId_eventId: { endpointId: dead.id, eventId: second } }, select: { status: true, attempts: true } });
    expect(next).toEqual({ status: "pending", attempts: 1 });
    await root.trpc.staff.webhooks.endpoints.update.mutate({ applicationId, endpointId: dead.id, enabled: false });
    await api.db.webhookDelivery.updateMany({ where: { endpointId: dead.id, status: "pending" }, data: { status: "failed" } });
  });

  it("a rotated secret signs beside the previous one during the overlap; reveal shows the current one; none is stored in clear", async () => {
    failEveryThird = false;
    const rotated = await root.trpc.staff.webhooks.endpoints.rotateSecret.mutate({ applicationId, endpointId: endpoint.id, previousSecret: "24h" });
    expect(rotated.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(rotated.secret).not.toBe(endpoint.secret);
    const before = requests.length;
    await emit(acme, "After rotation");
    await deliverAll();
    const r = requests[before]!;
    expect(verify(rotated.secret, r)).toMatchObject({ type: "directory_group.created" });
    expect(verify(endpoint.secret, r)).toMatchObject({ type: "directory_group.created" });
    expect(() => verify(`whsec_${Buffer.alloc(24, 7).toString("base64")}`, r)).toThrow("No matching signature found");
    expect(await root.trpc.staff.webhooks.endpoints.revealSecret.mutate({ applicationId, endpointId: endpoint.id })).toEqual({ secret: rotated.secret });
    const row = await api.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id }, select: { secret: true, previousSecret: true } });
    expect(row.secret).toMatch(/^v1\./);
    expect(row.previousSecret).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(rotated.secret.slice(6));
  });

  it("an endpoint gets only the types it asked for, and nothing while disabled", async () => {
    const filtered = await root.trpc.staff.webhooks.endpoints.create.mutate({ applicationId, url, eventTypes: ["membership.removed"] });
    await emit(acme, "Not for the filtered endpoint");
    expect(await api.db.webhookDelivery.count({ where: { endpointId: filtered.id } })).toBe(0);
    await root.trpc.staff.webhooks.endpoints.update.mutate({ applicationId, endpointId: endpoint.id, enabled: false });
    const pending = await api.db.webhookDelivery.count({ where: { endpointId: endpoint.id } });
    await emit(globex, "While disabled");
    expect(await api.db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(pending);
    const listed = await root.trpc.staff.webhooks.endpoints.list.query({ applicationId });
    expect(listed.map((e) => [e.url, e.enabled, e.eventTypes])).toEqual([
      [url, false, []],
      ["http://127.0.0.1:9/unreachable", false, ["organization.archived"]],
      [url, true, ["membership.removed"]],
    ]);
    expect(JSON.stringify(listed)).not.toContain("whsec_");
  });

  it("staff read; only a super admin changes, reveals or replays; a tenant admin sees nothing; bad URLs are refused", async () => {
    expect((await csm.trpc.staff.webhooks.endpoints.list.query({ applicationId })).length).toBe(3);
    expect(await callError(csm.trpc.staff.webhooks.endpoints.create.mutate({ applicationId, url: "https://x.example/hook" }))).toMatchObject({ status: 403 });
    expect(await callError(csm.trpc.staff.webhooks.endpoints.revealSecret.mutate({ applicationId, endpointId: endpoint.id }))).toMatchObject({ status: 403 });
    const tenantAdmin = await api.signedIn("admin@acme.example");
    expect(await callError(tenantAdmin.trpc.staff.webhooks.endpoints.list.query({ applicationId }))).toMatchObject({ status: 403 });
    expect(await callError(root.trpc.staff.webhooks.endpoints.create.mutate({ applicationId, url: "http://hooks.example/plain" }))).toMatchObject({ status: 400 });
    const other = (await root.trpc.staff.applications.create.mutate({ slug: "other-app", name: "Other" })).id;
    expect(await callError(root.trpc.staff.webhooks.endpoints.revealSecret.mutate({ applicationId: other, endpointId: endpoint.id }))).toMatchObject({ status: 404 });
    expect(await callError(root.trpc.staff.webhooks.deliveries.list.query({ applicationId: other, endpointId: endpoint.id }))).toMatchObject({ status: 404 });
  });
});
