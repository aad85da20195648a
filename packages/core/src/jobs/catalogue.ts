/**
 * Every pg-boss queue Atrium has, in one typed catalogue: its name, the zod
 * schema of its payload and its pg-boss options (policy, retries, expiry).
 * Whoever sends a job (the API, the worker, a core service through a
 * `JobSender`) and the worker that works it read the same entry, so a payload
 * is checked against one schema at both ends (send.ts, and the worker's
 * `defineJob`). Each queue gets a dead-letter queue `<name>-dead`.
 *
 * Scheduled runs and wake-ups (a NOTIFY on a queue's channel) send `{}`, or
 * `{ key }` when the notification names a row: every payload accepts those.
 */
import type PgBoss from "pg-boss";
import { z } from "zod";

/** pg-boss's schema in Atrium's database: the API's sender and the worker use this one. */
export const BOSS_SCHEMA = "pgboss";

export type QueueOptions = Omit<PgBoss.Queue, "name" | "deadLetter">;

/** One queue of the catalogue. */
export interface QueueSpec<N extends string = string, P extends z.ZodType<object> = z.ZodType<object>> {
  name: N;
  description: string;
  payload: P;
  options: QueueOptions;
}

/** Declares a queue (keeps its literal name and payload type). */
export function queueSpec<const N extends string, P extends z.ZodType<object>>(spec: QueueSpec<N, P>): QueueSpec<N, P> {
  return spec;
}

const UUID = z.uuid();
/** A scheduled run, or an explicit run of the whole queue: no data. */
const ZNone = z.object({}).strict();
/** A scheduled run (`{}`) or a wake-up naming the row to handle (`{ key }`). */
const ZWakeUp = z.object({ key: z.string().min(1).max(200).optional() }).strict();

export const ZScimSyncJob = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("revoke"), organizationId: UUID, userId: UUID, reason: z.enum(["deactivated", "deleted"]) }).strict(),
  z.object({ kind: z.literal("roles"), organizationId: UUID, userIds: z.array(UUID).nullable() }).strict(),
  z.object({ kind: z.literal("reconcile"), organizationId: UUID.optional() }).strict(),
]);
export type TScimSyncJob = z.infer<typeof ZScimSyncJob>;

const every = { retryBackoff: true } as const;

export const QUEUES = {
  sessionCleanup: queueSpec({
    name: "session-cleanup",
    description: "Deletes expired sessions and stale login-throttle rows",
    payload: ZNone,
    options: { ...every, policy: "singleton", retryLimit: 3, retryDelay: 30, expireInSeconds: 300 },
  }),
  auditPartitions: queueSpec({
    name: "audit-partitions",
    description: "Creates the audit log's monthly partitions ahead of time",
    payload: ZNone,
    options: { ...every, policy: "singleton", retryLimit: 5, retryDelay: 60, expireInSeconds: 300 },
  }),
  emailOutbox: queueSpec({
    name: "email-outbox",
    description: "Delivers queued e-mail (SMTP, or files in development)",
    payload: ZWakeUp,
    options: { ...every, policy: "stately", retryLimit: 3, retryDelay: 10, expireInSeconds: 600 },
  }),
  auditExport: queueSpec({
    name: "audit-export",
    description: "Builds large audit exports with progress",
    payload: ZWakeUp,
    options: { ...every, policy: "standard", retryLimit: 3, retryDelay: 30, expireInSeconds: 3600 },
  }),
  auditRetention: queueSpec({
    name: "audit-retention",
    description: "Deletes audit events, mail and exports past each organization's retention, sparing legal holds",
    payload: ZNone,
    options: { ...every, policy: "singleton", retryLimit: 3, retryDelay: 300, expireInSeconds: 4 * 3600 },
  }),
  auditAlerts: queueSpec({
    name: "audit-alerts",
    description: "Fires audit alert rules (e-mail to admins, signed webhooks with retries)",
    payload: ZWakeUp,
    options: { ...every, policy: "stately", retryLimit: 5, retryDelay: 10, expireInSeconds: 600 },
  }),
  auditStream: queueSpec({
    name: "audit-stream",
    description: "Delivers audit events to SIEM destinations (Splunk HEC, Datadog, signed JSON) in batches with retries",
    payload: ZWakeUp,
    options: { ...every, policy: "stately", retryLimit: 5, retryDelay: 10, expireInSeconds: 900 },
  }),
  healthScores: queueSpec({
    name: "health-scores",
    description: "Recomputes health scores for every enterprise organization (nightly) or one customer (on demand)",
    payload: z.object({ organizationId: UUID.optional(), asOf: z.iso.datetime().optional() }).strict(),
    options: { ...every, policy: "standard", retryLimit: 3, retryDelay: 60, expireInSeconds: 3600 },
  }),
  renewalReminders: queueSpec({
    name: "renewal-reminders",
    description: "Sends 90/60/30-day renewal reminders to the CSM and billing contacts, once each, and marks contracts renewal-pending",
    payload: z.object({ today: z.iso.datetime().optional() }).strict(),
    options: { ...every, policy: "standard", retryLimit: 5, retryDelay: 120, expireInSeconds: 1800 },
  }),
  qbrGenerate: queueSpec({
    name: "qbr-generate",
    description: "Generates quarterly business reviews at each quarter's start, or one on demand",
    payload: z.object({ organizationId: UUID.optional(), quarter: z.string().regex(/^\d{4}-Q[1-4]$/).optional() }).strict(),
    options: { ...every, policy: "standard", retryLimit: 3, retryDelay: 300, expireInSeconds: 3600 },
  }),
  impersonationExpiry: queueSpec({
    name: "impersonation-expiry",
    description: "Ends impersonation sessions past their duration",
    payload: ZNone,
    options: { ...every, policy: "singleton", retryLimit: 3, retryDelay: 30, expireInSeconds: 120 },
  }),
  scimSync: queueSpec({
    name: "scim-sync",
    description: "Revokes deprovisioned members' access, recomputes group roles, reconciles SCIM state",
    // `{}` is the scheduled run: reconcile every organization.
    payload: z.union([ZScimSyncJob, ZNone.transform((): TScimSyncJob => ({ kind: "reconcile" }))]),
    options: { ...every, policy: "standard", retryLimit: 5, retryDelay: 2, expireInSeconds: 900 },
  }),
  stripeEvents: queueSpec({
    name: "stripe-events",
    description: "Applies Stripe webhook events (subscriptions, card invoices) from the inbox",
    payload: ZWakeUp,
    options: { ...every, policy: "standard", retryLimit: 8, retryDelay: 15, expireInSeconds: 600 },
  }),
  billingInvoices: queueSpec({
    name: "billing-invoices",
    description: "Generates contract invoices for ended billing periods and flags overdue invoices",
    payload: ZNone,
    options: { ...every, policy: "singleton", retryLimit: 3, retryDelay: 300, expireInSeconds: 3600 },
  }),
  usageRollup: queueSpec({
    name: "usage-rollup",
    description: "Records each organization's seats in use for the day",
    payload: ZNone,
    options: { ...every, policy: "singleton", retryLimit: 3, retryDelay: 120, expireInSeconds: 1800 },
  }),
  usageAnalyticsRollup: queueSpec({
    name: "usage-analytics-rollup",
    description: "Recomputes usage analytics (per operation, status and day, with latency sketches) for the days whose usage events changed",
    payload: ZNone,
    options: { ...every, policy: "singleton", retryLimit: 3, retryDelay: 30, expireInSeconds: 1800 },
  }),
  ssoCleanup: queueSpec({
    name: "sso-cleanup",
    description: "Deletes expired SSO requests and replay-cache rows, and old SSO test results",
    payload: ZNone,
    options: { ...every, policy: "singleton", retryLimit: 3, retryDelay: 60, expireInSeconds: 900 },
  }),
  webhookDeliveries: queueSpec({
    name: "webhook-deliveries",
    description: "Delivers signed webhooks to applications' endpoints, in order per endpoint and organization, with retries",
    payload: ZWakeUp,
    options: { ...every, policy: "standard", retryLimit: 3, retryDelay: 5, expireInSeconds: 900 },
  }),
  oidcCleanup: queueSpec({
    name: "oidc-cleanup",
    description: "Deletes the OpenID Provider's expired records and old back-channel logout requests",
    payload: ZNone,
    options: { ...every, policy: "singleton", retryLimit: 3, retryDelay: 60, expireInSeconds: 900 },
  }),
  applicationCleanup: queueSpec({
    name: "application-cleanup",
    description: "Deletes /v1 idempotency keys older than their 24-hour window",
    payload: ZNone,
    options: { ...every, policy: "singleton", retryLimit: 3, retryDelay: 60, expireInSeconds: 900 },
  }),
  oidcBackchannelLogout: queueSpec({
    name: "oidc-backchannel-logout",
    description: "Sends back-channel logout tokens to applications and revokes the person's grants there",
    payload: ZWakeUp,
    options: { ...every, policy: "stately", retryLimit: 5, retryDelay: 5, expireInSeconds: 300 },
  }),
} as const;

export type QueueKey = keyof typeof QUEUES;
/** A queue of the catalogue. */
export type Queue = (typeof QUEUES)[QueueKey];
export type QueueName = Queue["name"];
/** What a sender passes for queue `Q`. */
export type TPayloadIn<Q extends QueueSpec> = z.input<Q["payload"]>;
/** What a handler of queue `Q` receives (after validation). */
export type TPayload<Q extends QueueSpec> = z.output<Q["payload"]>;
