import type { Case, Sweep } from "./sweep.ts";

const DAY = 86_400_000;

/** The audited-mutations sweep's cases for licences: staff issue, renew, revoke and handle signing keys; an owner installs. */
export function licensingCases({ acme, staff, child }: Sweep): Record<string, Case> {
  const terms = () => ({ plan: "enterprise" as const, seats: 100, startsAt: new Date(Date.now() - DAY), expiresAt: new Date(Date.now() + 365 * DAY), graceDays: 14 });
  const issued = async (organizationId?: string) => staff.trpc.licensing.issued.issue.mutate({ organizationId: organizationId ?? (await child()), terms: terms() });

  return {
    "licensing.issued.issue": { as: () => staff, input: async () => ({ organizationId: await child(), terms: terms() }) },
    "licensing.issued.renew": { as: () => staff, input: async () => ({ licenseId: (await issued()).id, terms: terms() }) },
    "licensing.issued.revoke": { as: () => staff, input: async () => ({ licenseId: (await issued()).id, reason: "Sweep: contract cancelled" }) },
    "licensing.keys.rotate": { as: () => staff, input: () => ({}) },
    "licensing.keys.retire": {
      as: () => staff,
      input: async () => {
        await issued();
        const { previousKid } = await staff.trpc.licensing.keys.rotate.mutate();
        return { kid: previousKid! };
      },
    },
    "licensing.installed.install": { input: async () => ({ orgId: acme, token: (await issued(acme)).token }) },
  };
}
