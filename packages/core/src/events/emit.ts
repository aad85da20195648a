/**
 * emitEvent: the one way an event is written, inside the transaction of the
 * change that causes it — both commit or neither does. With the event it
 * queues one webhook delivery per enabled endpoint (of a live application)
 * whose type filter takes it, and wakes the webhook-deliveries worker queue
 * (NOTIFY is delivered only at commit). The event's position — the cursor —
 * is given by the database at commit (see the migration).
 */
import type { DbOrTx } from "@atrium/db";
import type { EventData, EventType } from "./catalogue.ts";
import { newEventId } from "./ids.ts";

export const WEBHOOK_DELIVERIES_CHANNEL = "atrium_webhook_deliveries";

export async function emitEvent<T extends EventType>(tx: DbOrTx, organizationId: string, type: T, data: EventData[T]): Promise<string> {
  const id = newEventId();
  await tx.$executeRaw`INSERT INTO events (id, organization_id, type, data) VALUES (${id}, ${organizationId}::uuid, ${type}, ${JSON.stringify(data)}::jsonb)`;
  const queued = await tx.$executeRaw`
    INSERT INTO webhook_deliveries (endpoint_id, event_id, organization_id)
    SELECT e.id, ${id}, ${organizationId}::uuid
      FROM webhook_endpoints e JOIN applications a ON a.id = e.application_id
     WHERE e.enabled AND a.archived_at IS NULL AND (cardinality(e.event_types) = 0 OR ${type} = ANY (e.event_types))`;
  if (queued > 0) await tx.$executeRaw`SELECT pg_notify(${WEBHOOK_DELIVERIES_CHANNEL}, '')`;
  return id;
}
