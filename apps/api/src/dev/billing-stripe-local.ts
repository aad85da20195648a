/**
 * A small Stripe-compatible server for tests and development (never
 * production): the official SDK is pointed at it with its host/port/protocol
 * settings, so Atrium's billing code runs unchanged. It implements the few
 * endpoints Atrium calls with Stripe's documented request (form-encoded,
 * bracketed keys) and response shapes — customers, Checkout sessions,
 * Customer Portal sessions, subscriptions — plus the hosted Checkout and
 * Portal pages, and it delivers signed webhooks (Stripe-Signature) for what
 * happens: checkout.session.completed, customer.subscription.created/
 * updated/deleted, invoice.paid and invoice.payment_failed.
 */
import { randomBytes } from "node:crypto";
import { signWebhookPayload, type PriceIds } from "@atrium/core/billing";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";

export interface LocalStripeOptions {
  secretKey: string;
  webhookSecret: string;
  prices: PriceIds;
  /** Where webhooks go (resolved at delivery time, the API may not listen yet when this starts). */
  webhookUrl: () => string | null;
}

export interface LocalStripe {
  app: FastifyInstance;
  endpoint: { host: string; port: number; protocol: "http" };
  url: string;
  /** Test control: a failed renewal charge on a subscription (invoice.payment_failed). */
  failPayment(subscriptionId: string): Promise<void>;
  /** Every event sent so far, oldest first. */
  events: StripeObject[];
  close(): Promise<void>;
}

type StripeObject = Record<string, unknown> & { id: string };
type Form = Record<string, unknown>;

const PRICE_AMOUNTS = { team: 4900, business: 19900 } as const;
const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Decodes Stripe's form encoding (`items[0][price]=…`, `metadata[key]=…`) into nested objects and arrays. */
export function parseStripeForm(body: string): Form {
  const root: Form = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(parts[i + 1]!);
      node[part] ??= nextIsIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return root;
}

export async function startLocalStripe(options: LocalStripeOptions): Promise<LocalStripe> {
  const customers = new Map<string, StripeObject>();
  const sessions = new Map<string, StripeObject>();
  const portals = new Map<string, StripeObject>();
  const subscriptions = new Map<string, StripeObject>();
  const events: StripeObject[] = [];
  let clock = 0;
  /** Event times strictly increase, as they would between real events seconds apart. */
  const tick = () => (clock = Math.max(Math.floor(Date.now() / 1000), clock + 1));
  const now = () => Math.floor(Date.now() / 1000);

  const app = Fastify({ logger: false });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => done(null, parseStripeForm(body as string)));

  const base = () => {
    const address = app.server.address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  };
  const fail = (reply: FastifyReply, status: number, type: string, message: string, param?: string) =>
    reply.code(status).send({ error: { type, message, ...(param ? { param } : {}), ...(status === 404 ? { code: "resource_missing" } : {}) } });

  app.addHook("onRequest", async (req, reply) => {
    if (!req.url.startsWith("/v1/")) return;
    if (req.headers.authorization !== `Bearer ${options.secretKey}`) return fail(reply, 401, "invalid_request_error", "Invalid API Key provided.");
  });

  async function emit(type: string, object: StripeObject, previous?: Record<string, unknown>) {
    const event = {
      id: id("evt"),
      object: "event",
      api_version: "2026-10-28.endive",
      created: tick(),
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    events.push(event);
    const url = options.webhookUrl();
    if (!url) return;
    const payload = JSON.stringify(event);
    await fetch(url, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signWebhookPayload(payload, options.webhookSecret) }, body: payload });
  }

  const planOf = (priceId: string) => (priceId === options.prices.team ? "team" : priceId === options.prices.business ? "business" : null);
  const priceObject = (priceId: string) => {
    const plan = planOf(priceId);
    return {
      id: priceId,
      object: "price",
      active: true,
      currency: "usd",
      lookup_key: plan ? `atrium_${plan}_monthly` : null,
      product: `prod_atrium_${plan ?? "unknown"}`,
      recurring: { interval: "month", interval_count: 1, usage_type: "licensed" },
      type: "recurring",
      unit_amount: plan ? PRICE_AMOUNTS[plan] : 0,
    };
  };

  function invoiceFor(sub: StripeObject, status: "paid" | "open"): StripeObject {
    const item = (sub["items"] as { data: { price: { id: string; unit_amount: number }; quantity: number; current_period_start: number; current_period_end: number }[] }).data[0]!;
    const amount = item.price.unit_amount * item.quantity;
    const created = now();
    return {
      id: id("in"),
      object: "invoice",
      customer: sub["customer"],
      currency: "usd",
      number: `LOCAL-${randomBytes(3).toString("hex").toUpperCase()}-${String(events.length + 1).padStart(4, "0")}`,
      status,
      subtotal: amount,
      total: amount,
      amount_due: amount,
      amount_paid: status === "paid" ? amount : 0,
      amount_remaining: status === "paid" ? 0 : amount,
      created,
      due_date: null,
      period_start: item.current_period_start,
      period_end: item.current_period_end,
      status_transitions: { finalized_at: created, paid_at: status === "paid" ? created : null },
      metadata: {},
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id, metadata: sub["metadata"] } },
      lines: { object: "list", data: [{ id: id("il"), object: "line_item", amount, currency: "usd", description: `1 × Atrium ${planOf(item.price.id) ?? ""} (monthly)`, quantity: item.quantity }], has_more: false },
    };
  }

  // ── Customers ──
  app.post("/v1/customers", async (req) => {
    const form = (req.body ?? {}) as Form;
    const customer = { id: id("cus"), object: "customer", created: now(), email: form["email"] ?? null, name: form["name"] ?? null, metadata: form["metadata"] ?? {}, livemode: false, invoice_settings: { default_payment_method: null } };
    customers.set(customer.id, customer);
    return customer;
  });
  app.get<{ Params: { id: string } }>("/v1/customers/:id", async (req, reply) => customers.get(req.params.id) ?? fail(reply, 404, "invalid_request_error", `No such customer: '${req.params.id}'`, "id"));

  // ── Checkout ──
  app.post("/v1/checkout/sessions", async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    const lineItems = (form["line_items"] as { price: string; quantity?: string }[] | undefined) ?? [];
    if (form["mode"] !== "subscription") return fail(reply, 400, "invalid_request_error", "Only mode=subscription is supported here.", "mode");
    if (!form["customer"] || !customers.has(String(form["customer"]))) return fail(reply, 400, "invalid_request_error", "No such customer.", "customer");
    if (!lineItems[0] || !planOf(lineItems[0].price)) return fail(reply, 400, "invalid_request_error", "No such price.", "line_items[0][price]");
    const sessionId = id("cs_test");
    const session = {
      id: sessionId,
      object: "checkout.session",
      mode: "subscription",
      status: "open",
      payment_status: "unpaid",
      customer: form["customer"],
      client_reference_id: form["client_reference_id"] ?? null,
      success_url: form["success_url"],
      cancel_url: form["cancel_url"],
      metadata: form["metadata"] ?? {},
      subscription: null,
      url: `${base()}/checkout/pay/${sessionId}`,
      created: now(),
      expires_at: now() + 86_400,
      livemode: false,
      line_items_internal: lineItems,
      subscription_metadata: (form["subscription_data"] as { metadata?: Form } | undefined)?.metadata ?? {},
    };
    sessions.set(sessionId, session);
    const { line_items_internal: _l, subscription_metadata: _m, ...visible } = session;
    return visible;
  });
  app.get<{ Params: { id: string } }>("/v1/checkout/sessions/:id", async (req, reply) => {
    const session = sessions.get(req.params.id);
    if (!session) return fail(reply, 404, "invalid_request_error", `No such checkout.session: '${req.params.id}'`, "id");
    const { line_items_internal: _l, subscription_metadata: _m, ...visible } = session;
    return visible;
  });

  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:480px;margin:48px auto;color:#1a1b1e}button{font:inherit;padding:10px 18px;border-radius:8px;border:0;background:#4150f0;color:#fff;cursor:pointer}.muted{color:#868e96}</style></head><body>${body}</body></html>`;

  app.get<{ Params: { id: string } }>("/checkout/pay/:id", async (req, reply) => {
    const session = sessions.get(req.params.id);
    if (!session || session["status"] !== "open") return reply.code(404).type("text/html").send(page("Checkout", "<h1>This checkout session has expired.</h1>"));
    const price = (session["line_items_internal"] as { price: string }[])[0]!.price;
    const plan = planOf(price)!;
    return reply.type("text/html").send(
      page(
        "Atrium checkout (test mode)",
        `<h1>Subscribe to Atrium ${escapeHtml(plan[0]!.toUpperCase() + plan.slice(1))}</h1><p>$${(PRICE_AMOUNTS[plan] / 100).toFixed(2)} per month</p>
<p class="muted">Test mode: no card is charged (4242 4242 4242 4242).</p>
<form method="post" action="/checkout/pay/${escapeHtml(session.id)}"><button type="submit">Subscribe</button></form>
<p><a href="${escapeHtml(String(session["cancel_url"]))}">Cancel and go back</a></p>`,
      ),
    );
  });

  app.post<{ Params: { id: string } }>("/checkout/pay/:id", async (req, reply) => {
    const session = sessions.get(req.params.id);
    if (!session || session["status"] !== "open") return reply.code(404).type("text/html").send(page("Checkout", "<h1>This checkout session has expired.</h1>"));
    const line = (session["line_items_internal"] as { price: string; quantity?: string }[])[0]!;
    const start = now();
    const subId = id("sub");
    const sub: StripeObject = {
      id: subId,
      object: "subscription",
      customer: session["customer"],
      status: "active",
      cancel_at_period_end: false,
      canceled_at: null,
      ended_at: null,
      created: start,
      start_date: start,
      currency: "usd",
      metadata: session["subscription_metadata"],
      items: {
        object: "list",
        data: [{ id: id("si"), object: "subscription_item", price: priceObject(line.price), quantity: Number(line.quantity ?? 1), current_period_start: start, current_period_end: start + 30 * 86_400 }],
        has_more: false,
      },
      livemode: false,
    };
    subscriptions.set(subId, sub);
    Object.assign(session, { status: "complete", payment_status: "paid", subscription: subId });
    const { line_items_internal: _l, subscription_metadata: _m, ...visible } = session;
    await emit("checkout.session.completed", visible);
    await emit("customer.subscription.created", sub);
    await emit("invoice.paid", invoiceFor(sub, "paid"));
    return reply.redirect(String(session["success_url"]).replace("{CHECKOUT_SESSION_ID}", session.id), 303);
  });

  // ── Customer Portal ──
  app.post("/v1/billing_portal/sessions", async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    if (!form["customer"] || !customers.has(String(form["customer"]))) return fail(reply, 400, "invalid_request_error", "No such customer.", "customer");
    const portalId = id("bps");
    const portal = { id: portalId, object: "billing_portal.session", customer: form["customer"], return_url: form["return_url"] ?? null, url: `${base()}/portal/${portalId}`, created: now(), livemode: false };
    portals.set(portalId, portal);
    return portal;
  });
  app.get<{ Params: { id: string } }>("/portal/:id", async (req, reply) => {
    const portal = portals.get(req.params.id);
    if (!portal) return reply.code(404).type("text/html").send(page("Billing portal", "<h1>This link has expired.</h1>"));
    const subs = [...subscriptions.values()].filter((s) => s["customer"] === portal["customer"] && s["status"] !== "canceled");
    return reply.type("text/html").send(
      page(
        "Billing portal (test mode)",
        `<h1>Billing portal</h1><p>Payment method: Visa ending 4242 (test mode)</p>
${subs.map((s) => `<p>Subscription ${escapeHtml(s.id)}: ${escapeHtml(String(s["status"]))}${s["cancel_at_period_end"] ? " (cancels at period end)" : ""}</p>`).join("")}
<p><a href="${escapeHtml(String(portal["return_url"] ?? "/"))}">Return to Atrium</a></p>`,
      ),
    );
  });

  // ── Subscriptions ──
  const findSub = (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) =>
    subscriptions.get(req.params.id) ?? fail(reply, 404, "invalid_request_error", `No such subscription: '${req.params.id}'`, "id");
  app.get<{ Params: { id: string } }>("/v1/subscriptions/:id", async (req, reply) => findSub(req, reply));
  app.get<{ Querystring: { customer?: string } }>("/v1/subscriptions", async (req) => ({
    object: "list",
    url: "/v1/subscriptions",
    has_more: false,
    data: [...subscriptions.values()].filter((s) => !req.query.customer || s["customer"] === req.query.customer),
  }));
  app.post<{ Params: { id: string } }>("/v1/subscriptions/:id", async (req, reply) => {
    const sub = subscriptions.get(req.params.id);
    if (!sub) return fail(reply, 404, "invalid_request_error", `No such subscription: '${req.params.id}'`, "id");
    if (sub["status"] === "canceled") return fail(reply, 400, "invalid_request_error", "A canceled subscription can only update its cancellation_details and metadata.");
    const form = (req.body ?? {}) as Form;
    const previous: Record<string, unknown> = {};
    const items = form["items"] as { id?: string; price?: string }[] | undefined;
    if (items?.[0]?.price) {
      if (!planOf(items[0].price)) return fail(reply, 400, "invalid_request_error", "No such price.", "items[0][price]");
      const current = (sub["items"] as { data: Record<string, unknown>[] }).data[0]!;
      previous["items"] = structuredClone(sub["items"]);
      current["price"] = priceObject(items[0].price);
    }
    if (form["cancel_at_period_end"] !== undefined) {
      previous["cancel_at_period_end"] = sub["cancel_at_period_end"];
      sub["cancel_at_period_end"] = form["cancel_at_period_end"] === "true";
    }
    if (form["metadata"]) sub["metadata"] = { ...(sub["metadata"] as object), ...(form["metadata"] as object) };
    await emit("customer.subscription.updated", sub, previous);
    return sub;
  });
  app.delete<{ Params: { id: string } }>("/v1/subscriptions/:id", async (req, reply) => {
    const sub = subscriptions.get(req.params.id);
    if (!sub) return fail(reply, 404, "invalid_request_error", `No such subscription: '${req.params.id}'`, "id");
    Object.assign(sub, { status: "canceled", canceled_at: now(), ended_at: now() });
    await emit("customer.subscription.deleted", sub);
    return sub;
  });

  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    app,
    endpoint: { host: "127.0.0.1", port, protocol: "http" },
    url: base(),
    events,
    async failPayment(subscriptionId) {
      const sub = subscriptions.get(subscriptionId);
      if (!sub) throw new Error(`no subscription ${subscriptionId}`);
      await emit("invoice.payment_failed", invoiceFor(sub, "open"));
    },
    close: () => app.close(),
  };
}
