/**
 * Billing over plain HTTP: the Stripe webhook (raw body, signature checked,
 * stored in the inbox, answered at once) and invoice PDFs for tenants
 * (billing:download_invoices) and platform staff. Also wires the Stripe SDK:
 * the real API when STRIPE_SECRET_KEY is set, otherwise (development and
 * tests only) the local Stripe-compatible server, through the SDK's
 * host/port/protocol settings — the same code path either way.
 */
import { actorForUser } from "@atrium/core/actor";
import { authorize } from "@atrium/core/access";
import {
  createStripeClient,
  invoiceDetail,
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
  priceIdsOf,
  receiveStripeWebhook,
  renderInvoicePdf,
  type StripeBilling,
} from "@atrium/core/billing";
import { recordAudit } from "@atrium/core/audit";
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { resolveOrgCaller, sessionOf } from "../../auth/caller.ts";
import type { ApiEnv } from "../../env.ts";
import type { ApiDeps } from "../../trpc/context.ts";
import { startLocalStripe, type LocalStripe } from "../../dev/billing-stripe-local.ts";
import { sendError } from "../errors.ts";
import { sendFile } from "../download.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** The local Stripe-compatible server (development and tests only). */
    localStripe: LocalStripe | null;
  }
}

export async function setupStripeBilling(app: FastifyInstance, env: ApiEnv): Promise<StripeBilling | null> {
  const prices = priceIdsOf(env);
  app.decorate("localStripe", null);
  if (env.STRIPE_SECRET_KEY) {
    return { stripe: createStripeClient(env.STRIPE_SECRET_KEY), webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? "", prices };
  }
  if (env.NODE_ENV === "production") return null;
  const local = await startLocalStripe({
    secretKey: LOCAL_STRIPE_SECRET_KEY,
    webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
    prices,
    webhookUrl: () => {
      const address = app.server.address();
      return address && typeof address === "object" ? `http://127.0.0.1:${address.port}/webhooks/stripe` : null;
    },
  });
  app.localStripe = local;
  app.addHook("onClose", () => local.close());
  return { stripe: createStripeClient(LOCAL_STRIPE_SECRET_KEY, local.endpoint), webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET, prices };
}

const meta = (req: { ip: string; headers: Record<string, string | string[] | undefined>; id: unknown }) => ({
  ip: req.ip,
  userAgent: typeof req.headers["user-agent"] === "string" ? req.headers["user-agent"] : undefined,
  requestId: String(req.id),
});

export async function registerBillingRoutes(app: FastifyInstance, deps: ApiDeps) {
  // The webhook needs the exact bytes Stripe signed: its own scope parses JSON as a raw buffer.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
    scope.post("/webhooks/stripe", { bodyLimit: 512 * 1024 }, async (req, reply) => {
      try {
        if (!deps.billing) return reply.code(404).send({ error: { code: "NOT_FOUND", message: "Stripe billing is not configured." } });
        const signature = req.headers["stripe-signature"];
        const received = await receiveStripeWebhook(deps.db, deps.billing.webhookSecret, {
          rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          signature: typeof signature === "string" ? signature : undefined,
          meta: meta(req),
        });
        return reply.code(200).send({ received: true, duplicate: received.duplicate });
      } catch (error) {
        return sendError(reply, error);
      }
    });
  });

  const sendPdf = async (reply: FastifyReply, invoiceId: string, organizationId: string | null) => {
    const invoice = await invoiceDetail(deps.db, invoiceId, organizationId);
    const pdf = await renderInvoicePdf(invoice);
    return sendFile(reply, { type: "application/pdf", name: `invoice-${invoice.number ?? invoice.id}.pdf`, inline: true }, pdf);
  };

  app.get<{ Params: { orgId: string; invoiceId: string } }>("/api/orgs/:orgId/billing/invoices/:invoiceId/pdf", async (req, reply) => {
    try {
      const orgId = z.uuid().parse(req.params.orgId);
      const invoiceId = z.uuid().parse(req.params.invoiceId);
      const caller = await resolveOrgCaller({ ...deps, req, res: reply, meta: meta(req) }, orgId, "billing.invoicePdf");
      await authorize(deps.db, caller.actor, caller.access, "billing:download_invoices", { operation: "billing.invoicePdf" });
      return await sendPdf(reply, invoiceId, orgId);
    } catch (error) {
      return sendError(reply, error);
    }
  });

  app.get<{ Params: { invoiceId: string } }>("/api/staff/billing/invoices/:invoiceId/pdf", async (req, reply) => {
    try {
      const invoiceId = z.uuid().parse(req.params.invoiceId);
      const session = await sessionOf({ ...deps, req, res: reply, meta: meta(req) });
      if (!session) return reply.code(401).send({ error: { code: "UNAUTHORIZED", message: "Sign in to continue." } });
      if (!session.user.platformRole) {
        await recordAudit(deps.db, actorForUser(session.user, meta(req)), {
          action: "access.denied",
          organizationId: null,
          status: "denied",
          resource: { type: "platform", id: "billing.staffInvoicePdf" },
          details: { operation: "billing.staffInvoicePdf", reason: "not platform staff" },
        });
        return reply.code(403).send({ error: { code: "FORBIDDEN", message: "This area is for platform staff." } });
      }
      return await sendPdf(reply, invoiceId, null);
    } catch (error) {
      return sendError(reply, error);
    }
  });
}
