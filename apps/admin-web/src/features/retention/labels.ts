import { formatDate } from "@atrium/ui";

/** The kinds of data with a retention period, as the API names them and as people read them. */
export const DATA_TYPE_LABELS = {
  audit_events: "Audit events",
  email_outbox: "Sent e-mail",
  audit_exports: "Audit exports",
} as const;

export type DataType = keyof typeof DATA_TYPE_LABELS;

export interface Hold {
  id: string;
  name: string;
  reason: string;
  actorId: string | null;
  fromAt: Date | null;
  toAt: Date | null;
  createdAt: Date;
  releasedAt: Date | null;
}

/** What a hold covers: everything, or one actor and/or a time range. */
export function holdScope(hold: Pick<Hold, "actorId" | "fromAt" | "toAt">): string {
  const parts: string[] = [];
  if (hold.actorId) parts.push(`Actor ${hold.actorId}`);
  if (hold.fromAt || hold.toAt) {
    parts.push(`${hold.fromAt ? formatDate(hold.fromAt) : "…"}–${hold.toAt ? formatDate(hold.toAt) : "…"}`);
  }
  return parts.length === 0 ? "Whole organization" : parts.join(", ");
}

/** Active holds first (newest first), then released ones (most recently released first). */
export function sortHolds<T extends Pick<Hold, "createdAt" | "releasedAt">>(holds: readonly T[]): T[] {
  return [...holds].sort((a, b) => {
    if (!a.releasedAt !== !b.releasedAt) return a.releasedAt ? 1 : -1;
    if (a.releasedAt && b.releasedAt) return b.releasedAt.getTime() - a.releasedAt.getTime();
    return b.createdAt.getTime() - a.createdAt.getTime();
  });
}
