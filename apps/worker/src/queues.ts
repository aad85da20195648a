import { auditAlerts } from "./jobs/audit-alerts.ts";
import { auditExport } from "./jobs/audit-export.ts";
import { auditPartitions } from "./jobs/audit-partitions.ts";
import { auditStream } from "./jobs/audit-stream.ts";
import { auditRetention } from "./jobs/audit-retention.ts";
import { emailOutbox } from "./jobs/email-outbox.ts";
import { scimSync } from "./jobs/scim-sync.ts";
import { sessionCleanup } from "./jobs/session-cleanup.ts";
import type { QueueDefinition } from "./jobs/types.ts";
import { healthScores } from "./jobs/health-scores.ts";
import { impersonationExpiry } from "./jobs/impersonation-expiry.ts";
import { qbrGenerate } from "./jobs/qbr-generate.ts";
import { renewalReminders } from "./jobs/renewal-reminders.ts";
import { billingInvoices } from "./jobs/billing-invoices.ts";
import { stripeEvents } from "./jobs/stripe-events.ts";
import { usageRollup } from "./jobs/usage-rollup.ts";
import { usageAnalyticsRollup } from "./jobs/usage-analytics-rollup.ts";
import { ssoCleanup } from "./jobs/sso-cleanup.ts";
import { webhookDeliveries } from "./jobs/webhook-deliveries.ts";
import { oidcBackchannelLogout } from "./jobs/oidc-backchannel-logout.ts";
import { oidcCleanup } from "./jobs/oidc-cleanup.ts";
import { applicationCleanup } from "./jobs/application-cleanup.ts";
import type { StripeEventContext } from "@atrium/core/billing";
import type { MailTransport } from "./mail/transport.ts";

export interface QueueDeps {
  mail: MailTransport;
  mailFrom: string;
  /** Stripe price ids and the public URL, for billing jobs (defaults when omitted). */
  billing?: StripeEventContext;
  /** Back-channel logout may reach applications on loopback addresses (development: the demo product). */
  oidcAllowLoopback?: boolean;
}

/** Every queue the worker serves. Each gets a dead-letter queue named `<name>-dead`. */
export function queues(deps: QueueDeps): QueueDefinition[] {
  const billing = deps.billing ?? { prices: { team: "price_atrium_team_monthly", business: "price_atrium_business_monthly" }, publicUrl: "http://localhost:3000" };
  return [
    sessionCleanup, auditPartitions, emailOutbox(deps.mail, deps.mailFrom), auditExport, auditRetention,
    auditAlerts, auditStream, healthScores, renewalReminders, qbrGenerate,
    impersonationExpiry, scimSync,
    stripeEvents(billing), billingInvoices(billing.publicUrl), usageRollup, usageAnalyticsRollup,
    ssoCleanup, webhookDeliveries, oidcCleanup, applicationCleanup, oidcBackchannelLogout(`${billing.publicUrl.replace(/\/$/, "")}/oidc`, deps.oidcAllowLoopback ?? false),
  ];
}
