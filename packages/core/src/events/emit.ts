/**
 * emitEvent: the one way an event is written, inside the transaction of the
 * change that causes it — both commit or neither does. With the event it
 * queues one webhook delivery per enabled endpoint (of a live application)
 * whose type filter takes it, and wakes the webhook-deliveries worker queue
 * (NOTIFY is delivered only at commit). The event's position — the cursor —
 * is given by the database at commit (see the migration).
 */
import type { SqlClient } from "@atrium/db";
import type { EventData, EventType } from "./catalogue.ts";
import { newEventId } from "./ids.ts";

export const WEBHOOK_DELIVERIES_CHANNEL = "atrium_webhook_deliveries";

export async function emitEvent<T extends EventType>(tx: SqlClient, organizationId: string, type: T, data: EventData[T]): Promise<string> {
  return (await emitEvents(tx, organizationId, type, [data]))[0]!;
}

/** Several events of one type and organization (a bulk change), in the order given, in two statements however many. */
export async function emitEvents<T extends EventType>(tx: SqlClient, organizationId: string, type: T, data: readonly EventData[T][]): Promise<string[]> {
  if (data.length === 0) return [];
  const ids = data.map(() => newEventId());
  await tx.$executeRaw`
    INSERT INTO events (id, organization_id, type, data)
    SELECT e.id, ${organizationId}::uuid, ${type}, e.data
      FROM unnest(${ids}::text[], ${data.map((d) => JSON.stringify(d))}::jsonb[]) WITH ORDINALITY AS e (id, data, n)
     ORDER BY e.n`;
  const queued = await tx.$executeRaw`
    INSERT INTO webhook_deliveries (endpoint_id, event_id, organization_id)
    SELECT w.id, ev.id, ${organizationId}::uuid
      FROM webhook_endpoints w JOIN applications a ON a.id = w.application_id
     CROSS JOIN unnest(${ids}::text[]) AS ev (id)
     WHERE w.enabled AND a.archived_at IS NULL AND (cardinality(w.event_types) = 0 OR ${type} = ANY (w.event_types))`;
  if (queued > 0) await tx.$executeRaw`SELECT pg_notify(${WEBHOOK_DELIVERIES_CHANNEL}, '')`;
  return ids;
}
