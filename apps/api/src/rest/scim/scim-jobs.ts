/**
 * The API's job sender: one send-only pg-boss instance per database (core's
 * `createJobSender`), shared by the SCIM routes and the admin procedures of a
 * server. Jobs are sent inside the write's own transaction, so a job exists
 * exactly when its change commits.
 */
import { createJobSender, type JobSender } from "@atrium/core/jobs";

const senders = new Map<string, ReturnType<typeof createJobSender>>();

/** The sender of the server on `databaseUrl` (created on first use). */
export function scimJobQueueFor(databaseUrl: string): JobSender {
  let sender = senders.get(databaseUrl);
  if (!sender) senders.set(databaseUrl, (sender = createJobSender(databaseUrl, "atrium-api")));
  return sender;
}

export async function stopScimJobQueue(databaseUrl: string): Promise<void> {
  const sender = senders.get(databaseUrl);
  senders.delete(databaseUrl);
  await sender?.stop();
}
