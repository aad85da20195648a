/**
 * Delivers the e-mail outbox. Each message is sent inside its own transaction
 * that holds its row (FOR UPDATE SKIP LOCKED), so two workers never send the
 * same message, and a failed send is retried with exponential backoff up to
 * MAX_ATTEMPTS. Delivery is at-least-once: a worker killed between the SMTP
 * hand-off and the commit sends that one message again.
 */
import type { MailTransport } from "../mail/transport.ts";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const MAX_ATTEMPTS = 8;
const BATCH = 50;

interface PendingMail {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attempts: number;
}

export function emailOutbox(transport: MailTransport, from: string): QueueDefinition {
  return defineJob(QUEUES.emailOutbox, {
    schedule: "* * * * *",
    wakeOn: "atrium_email_outbox",
    async handle(_job, { db, log }) {
      let sent = 0;
      let failed = 0;
      for (;;) {
        const handled = await db.$transaction(async (tx) => {
          const [mail] = await tx.$queryRaw<PendingMail[]>`
            SELECT id::text, to_address::text, subject, text_body, html_body, attempts
              FROM email_outbox
             WHERE status = 'pending' AND next_attempt_at <= now()
             ORDER BY created_at
             LIMIT 1
             FOR UPDATE SKIP LOCKED`;
          if (!mail) return null;
          try {
            await transport.send({ id: mail.id, from, to: mail.to_address, subject: mail.subject, text: mail.text_body, html: mail.html_body });
            await tx.emailOutbox.update({ where: { id: mail.id }, data: { status: "sent", sentAt: new Date(), attempts: { increment: 1 }, lastError: null } });
            return "sent";
          } catch (error) {
            const attempts = mail.attempts + 1;
            const message = (error as Error).message.slice(0, 1000);
            log(`email-outbox: ${mail.id} to ${mail.to_address} failed (attempt ${attempts}): ${message}`);
            await tx.emailOutbox.update({
              where: { id: mail.id },
              data: {
                attempts,
                lastError: message,
                status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
                nextAttemptAt: new Date(Date.now() + 2 ** attempts * 30_000),
              },
            });
            return "failed";
          }
        });
        if (handled === null) break;
        if (handled === "sent") sent++;
        else failed++;
        if (sent + failed >= BATCH) break;
      }
      return { sent, failed };
    },
  });
}
