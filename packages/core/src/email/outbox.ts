/**
 * Queues an e-mail in the outbox, inside the caller's transaction: it is sent
 * (by the worker's email-outbox job) only if the change that caused it commits.
 */
import type { DbOrTx } from "@atrium/db";
import type { RenderedEmail } from "./templates.ts";

export async function enqueueEmail(
  db: DbOrTx,
  email: RenderedEmail & { to: string; organizationId: string | null },
): Promise<void> {
  await db.emailOutbox.create({
    data: {
      organizationId: email.organizationId,
      toAddress: email.to,
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html,
      template: email.template,
    },
    select: { id: true },
  });
}
