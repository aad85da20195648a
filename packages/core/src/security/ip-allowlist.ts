/**
 * The IP allowlist. Replacing it is one transaction; a list that would shut
 * out the admin making the change needs their explicit confirmation.
 */
import type { Db } from "@atrium/db";
import { ipInRanges } from "@atrium/rbac";
import ipaddr from "ipaddr.js";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";

export interface AllowlistEntry {
  cidr: string;
  description: string;
}

/** "203.0.113.7/24" → "203.0.113.0/24"; a bare address becomes a single-host range. */
export function normalizeCidr(input: string): string {
  const value = input.trim();
  try {
    const [address, bits] = value.includes("/") ? ipaddr.parseCIDR(value) : (() => {
      const a = ipaddr.parse(value);
      return [a, a.kind() === "ipv4" ? 32 : 128] as const;
    })();
    const network = address.kind() === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${bits}`);
    return `${network.toString()}/${bits}`;
  } catch {
    throw new AppError("BAD_REQUEST", { userMessage: `"${value}" is not an IP address or CIDR range.` });
  }
}

export async function listAllowlist(db: Db, organizationId: string) {
  return db.ipAllowlistEntry.findMany({
    where: { organizationId },
    orderBy: { createdAt: "asc" },
    select: { id: true, cidr: true, description: true, createdAt: true },
  });
}

export async function replaceAllowlist(
  db: Db,
  actor: Actor,
  organizationId: string,
  entries: AllowlistEntry[],
  confirmLockout: boolean,
): Promise<void> {
  const normalized = [...new Map(entries.map((e) => [normalizeCidr(e.cidr), e.description.trim()])).entries()].map(([cidr, description]) => ({
    cidr,
    description,
  }));
  const ranges = normalized.map((e) => e.cidr);
  if (ranges.length && !(actor.ip && ipInRanges(actor.ip, ranges)) && !confirmLockout) {
    throw new AppError("CONFLICT", {
      userMessage: `Your current address (${actor.ip ?? "unknown"}) is not in the new list: saving it would lock you out. Confirm to save anyway.`,
    });
  }
  await db.$transaction(async (tx) => {
    const before = await tx.ipAllowlistEntry.findMany({ where: { organizationId }, select: { cidr: true } });
    await tx.ipAllowlistEntry.deleteMany({ where: { organizationId } });
    const createdById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    if (normalized.length) await tx.ipAllowlistEntry.createMany({ data: normalized.map((e) => ({ ...e, organizationId, createdById })) });
    await recordAudit(tx, actor, {
      action: "ip_allowlist.update",
      organizationId,
      resource: { type: "ip_allowlist" },
      details: { before: before.map((e) => e.cidr), after: ranges, lockoutConfirmed: confirmLockout && ranges.length > 0 },
    });
  });
}
