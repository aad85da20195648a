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
import type { MailTransport } from "./mail/transport.ts";

export interface QueueDeps {
  mail: MailTransport;
  mailFrom: string;
}

/** Every queue the worker serves. Each gets a dead-letter queue named `<name>-dead`. */
export function queues(deps: QueueDeps): QueueDefinition[] {
  return [sessionCleanup, auditPartitions, emailOutbox(deps.mail, deps.mailFrom), auditExport as QueueDefinition, auditRetention,
    auditAlerts, auditStream, healthScores as QueueDefinition, renewalReminders as QueueDefinition, qbrGenerate as QueueDefinition,
    impersonationExpiry, scimSync as QueueDefinition];
}
