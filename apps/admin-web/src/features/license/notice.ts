/** What the licence banner and page say about an installed licence's state (one sentence each). */
import { formatDate, formatNumber } from "@atrium/ui";

export interface LicenseNoticeInput {
  installed: boolean;
  state: "valid" | "grace" | "expired" | "invalid" | null;
  message: string | null;
  warningDays: 30 | 14 | 7 | null;
  daysLeft: number | null;
  communityFallback: boolean;
  seatsUsed: number;
  license: { edition: string; seats: number; expiresAt: Date; graceEndsAt: Date } | null;
}

export interface LicenseNotice {
  color: "red" | "orange" | "yellow";
  title: string;
  text: string;
}

const days = (n: number) => (n === 1 ? "1 day" : `${formatNumber(n)} days`);

/** The notice due for this status, or null when all is well. Expiry first; seat over-use when nothing else is said. */
export function licenseNotice(status: LicenseNoticeInput): LicenseNotice | null {
  if (!status.installed) return null;
  const l = status.license;
  if (status.communityFallback) {
    const why = status.state === "expired" && l ? `Your ${l.edition} licence expired on ${formatDate(l.expiresAt)} and its grace period is over.` : (status.message ?? "Your licence no longer holds.");
    return { color: "red", title: "Community tier", text: `${why} The organization now runs on the community tier: features of your edition are off, and nothing has been deleted — install a renewed licence to turn them back on.` };
  }
  if (status.state === "grace" && l) {
    return { color: "orange", title: "Licence expired: grace period", text: `Your ${l.edition} licence expired on ${formatDate(l.expiresAt)}. Its features stay on for ${days(status.daysLeft ?? 0)}, until ${formatDate(l.graceEndsAt)}; then the community tier applies. Install a renewed licence.` };
  }
  if (status.warningDays !== null && l) {
    return { color: status.warningDays === 7 ? "orange" : "yellow", title: `Licence expires in ${days(status.daysLeft ?? 0)}`, text: `Your ${l.edition} licence expires on ${formatDate(l.expiresAt)}. Ask your vendor for a renewal and install it here.` };
  }
  if (l && status.seatsUsed > l.seats) {
    return { color: "yellow", title: "More members than licensed seats", text: `${formatNumber(status.seatsUsed)} active members for ${formatNumber(l.seats)} licensed seats. Nobody is locked out; ask your vendor for more seats.` };
  }
  return null;
}
