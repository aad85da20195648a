import { LOCAL_STRIPE_WEBHOOK_SECRET, receiveStripeWebhook, signWebhookPayload } from "@atrium/core/billing";
import { afterAll, describe, expect, it } from "vitest";
import type { MailTransport } from "../mail/transport.ts";
import { queues } from "../queues.ts";
import { startWorker } from "../worker.ts";
import { createDemoTestDatabase } from "@atrium/core/seed/testing";

const { db, url, demo } = await createDemoTestDatabase();
const mail: MailTransport = { describe: "test", async send() {} };
const worker = await startWorker({ databaseUrl: url, db, queues: queues({ mail, mailFrom: "Atrium <no-reply@atrium.test>" }), pollingIntervalSeconds: 0.5, schedules: false });
afterAll(() => worker.stop());

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("billing jobs", () => {
  it("stripe-events: a stored webhook wakes the worker, which applies the subscription and changes the plan", async () => {
    const soylent = demo.organizations["soylent"]!;
    await db.billingAccount.create({ data: { organizationId: soylent, stripeCustomerId: "cus_worker" } });
    const now = Math.floor(Date.now() / 1000);
    const event = {
      id: "evt_worker_1",
      object: "event",
      created: now,
      livemode: false,
      type: "customer.subscription.created",
      data: {
        object: {
          id: "sub_worker",
          object: "subscription",
          customer: "cus_worker",
          status: "active",
          cancel_at_period_end: false,
          canceled_at: null,
          ended_at: null,
          metadata: {},
          items: { object: "list", data: [{ id: "si_1", price: { id: "price_atrium_business_monthly" }, quantity: 1, current_period_start: now, current_period_end: now + 2_592_000 }] },
        },
      },
    };
    const payload = JSON.stringify(event);
    await receiveStripeWebhook(db, LOCAL_STRIPE_WEBHOOK_SECRET, { rawBody: Buffer.from(payload), signature: signWebhookPayload(payload, LOCAL_STRIPE_WEBHOOK_SECRET), meta: {} });
    const org = await until(() => db.organization.findUniqueOrThrow({ where: { id: soylent }, select: { plan: true } }), (o) => o.plan === "business");
    expect(org.plan).toBe("business");
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: "evt_worker_1" } })).status).toBe("processed");
  });

  it("billing-invoices: a rerun invoices nothing twice", async () => {
    const before = await db.invoice.count();
    const first = await worker.boss.send("billing-invoices", {});
    await until(() => worker.boss.getJobById("billing-invoices", first!), (j) => j?.state === "completed");
    const second = await worker.boss.send("billing-invoices", {});
    const job = await until(() => worker.boss.getJobById("billing-invoices", second!), (j) => j?.state === "completed");
    expect(job!.output).toMatchObject({ invoices: 0, overdue: 0 });
    expect(await db.invoice.count()).toBe(before);
  });
});
