import type { Case, Sweep } from "./sweep.ts";

/** The audited-mutations sweep's cases for applications (the vendor's product): done as the super admin, refused as Acme's owner. */
export function applicationCases({ staff, unique }: Sweep): Record<string, Case> {
  const s = staff.trpc.staff;
  const application = async () =>
    (await s.applications.create.mutate({ slug: unique("sweep-app"), name: "Sweep app", redirectUris: ["https://app.example/callback"] })).id;
  return {
    "staff.applications.create": { as: () => staff, input: () => ({ slug: unique("sweep-app"), name: "Sweep app" }) },
    "staff.applications.update": {
      as: () => staff,
      input: async () => ({ applicationId: await application(), name: "Sweep app, renamed", redirectUris: ["https://app.example/cb"] }),
    },
    "staff.applications.archive": { as: () => staff, input: async () => ({ applicationId: await application() }) },
    "staff.applications.keys.create": { as: () => staff, input: async () => ({ applicationId: await application(), previousKeys: "24h" }) },
    "staff.applications.keys.revoke": {
      as: () => staff,
      input: async () => {
        const applicationId = await application();
        return { applicationId, keyId: (await s.applications.keys.create.mutate({ applicationId })).id };
      },
    },
  };
}
