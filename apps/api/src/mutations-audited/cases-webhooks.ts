import { emitEvent } from "@atrium/core/events";
import type { Case, Sweep } from "./sweep.ts";

/** The audited-mutations sweep's cases for webhook endpoints and deliveries: done as the super admin, refused as Acme's owner. */
export function webhookCases({ api, acme, staff, unique }: Sweep): Record<string, Case> {
  const s = staff.trpc.staff;
  const endpoint = async () => {
    const applicationId = (await s.applications.create.mutate({ slug: unique("sweep-hooks"), name: "Sweep hooks" })).id;
    const { id } = await s.webhooks.endpoints.create.mutate({ applicationId, url: "https://hooks.example/atrium" });
    return { applicationId, endpointId: id };
  };
  return {
    "staff.webhooks.endpoints.create": {
      as: () => staff,
      input: async () => ({ applicationId: (await s.applications.create.mutate({ slug: unique("sweep-hooks"), name: "Sweep hooks" })).id, url: "https://hooks.example/atrium" }),
    },
    "staff.webhooks.endpoints.update": { as: () => staff, input: async () => ({ ...(await endpoint()), enabled: false }) },
    "staff.webhooks.endpoints.rotateSecret": { as: () => staff, input: async () => ({ ...(await endpoint()), previousSecret: "1h" }) },
    "staff.webhooks.endpoints.revealSecret": { as: () => staff, input: endpoint },
    "staff.webhooks.deliveries.replay": {
      as: () => staff,
      input: async () => {
        const { applicationId, endpointId } = await endpoint();
        const eventId = await api.db.$transaction((tx) => emitEvent(tx, acme, "organization.archived", {}));
        const delivery = await api.db.webhookDelivery.update({ where: { endpointId_eventId: { endpointId, eventId } }, data: { status: "failed" }, select: { id: true } });
        return { applicationId, deliveryId: delivery.id };
      },
    },
  };
}
