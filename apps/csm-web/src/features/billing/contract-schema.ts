/**
 * The contract editor's checks, in sentences, over the values as typed (strings); the server
 * checks the converted terms again (ZContractTerms in core's billing contracts, the reason in the
 * staff contracts router). Also how the server's field names map back onto the editor's fields.
 */
import { z } from "zod";
import { parseMajor } from "./format.ts";

const MONEY = "Enter an amount like 120000 or 120000.50.";
const money = (optional: boolean) => z.string().refine((v) => (optional && v.trim() === "") || parseMajor(v || "0") !== null, MONEY);
const whole = (message: string, min: number, max: number) => z.string().trim().refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, message);
const optionalWhole = (message: string, min: number, max: number) => z.string().trim().refine((v) => v === "" || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max), message);
const UNIT = "Enter how many units the price is for: a whole number of at least 1.";
const date = (message: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, message);
const ZEmail = z.email();

const ZUnitPriceForm = z.object({ price: money(true), unitSize: whole(UNIT, 1, 1e13) });

export const contractFormSchema = (isNew: boolean) =>
  z
    .object({
      organizationId: z.string().nullable(),
      name: z.string().trim().min(1, "Give the contract a name.").max(200, "A contract name has at most 200 characters."),
      currency: z.enum(["usd", "eur", "gbp"]),
      annualValue: money(false),
      seats: whole("Enter a whole number of seats, up to 1,000,000.", 0, 1_000_000),
      seatPrice: money(false),
      committed: money(false),
      usagePrices: z.object({ api_calls: ZUnitPriceForm, operations: ZUnitPriceForm, storage_bytes: ZUnitPriceForm }),
      tiers: z
        .array(
          z.object({
            metric: z.enum(["api_calls", "operations", "storage_bytes"]),
            upTo: optionalWhole("Enter the tier's upper volume as a whole number, or leave it empty for no limit.", 1, Number.MAX_SAFE_INTEGER),
            price: money(false),
            unitSize: whole(UNIT, 1, 1e13),
          }),
        )
        .max(20, "A contract has at most 20 volume tiers."),
      startDate: date("Choose the start date."),
      endDate: date("Choose the end date."),
      renewalDate: date("Choose the renewal date."),
      autoRenew: z.boolean(),
      paymentTerms: z.enum(["immediate", "net_30", "net_60", "net_90"]),
      billingCycle: z.enum(["monthly", "quarterly", "annual"]),
      poNumber: z.string().trim().max(100, "A PO number has at most 100 characters."),
      slaUptime: z.string().trim().refine((v) => v === "" || (/^\d+(\.\d{1,3})?$/.test(v) && Number(v) >= 90 && Number(v) <= 100), "Enter an uptime from 90 to 100 (%), like 99.9, or leave it empty."),
      slaP99: optionalWhole("Enter a p99 latency from 1 to 600,000 ms, or leave it empty.", 1, 600_000),
      slaSupportLevel: z.enum(["standard", "business", "premium", "dedicated"]),
      csmUserId: z.string().nullable(),
      accountExecutiveUserId: z.string().nullable(),
      billingContacts: z
        .array(z.string())
        .max(20, "At most 20 billing contacts.")
        .refine((emails) => emails.every((e) => ZEmail.safeParse(e).success && e.length <= 254), "Enter e-mail addresses like billing@company.com."),
      notes: z.string().max(5000, "Notes have at most 5,000 characters."),
      reason: z.string().trim().min(3, "Say why, in a few words: it goes into the history.").max(500, "A reason has at most 500 characters."),
    })
    .superRefine((f, ctx) => {
      if (isNew && !f.organizationId) ctx.addIssue({ code: "custom", path: ["organizationId"], message: "Choose the customer." });
      if (f.startDate && f.endDate && f.endDate <= f.startDate) ctx.addIssue({ code: "custom", path: ["endDate"], message: "The contract must end after it starts." });
      if (f.renewalDate && f.endDate && f.renewalDate > f.endDate) ctx.addIssue({ code: "custom", path: ["renewalDate"], message: "The renewal date cannot be after the end date." });
    });

/** The server's names for the terms (`terms.annualValueMinor`) → the editor's fields. */
const FIELD_OF: Record<string, string> = {
  name: "name",
  currency: "currency",
  annualValueMinor: "annualValue",
  seats: "seats",
  seatPriceMinor: "seatPrice",
  committedAmountMinor: "committed",
  volumeTiers: "tiers",
  startDate: "startDate",
  endDate: "endDate",
  renewalDate: "renewalDate",
  poNumber: "poNumber",
  slaUptimePercent: "slaUptime",
  slaP99LatencyMs: "slaP99",
  billingContacts: "billingContacts",
  notes: "notes",
};

/**
 * The server's field errors on the editor's fields (`terms.seats` → `seats`, `reason` → `reason`),
 * and whether any was left over (a summary above the form says those).
 */
export function contractFieldErrors(fieldErrors: Record<string, string>): { onFields: Record<string, string>; rest: boolean } {
  const onFields: Record<string, string> = {};
  let rest = false;
  for (const [key, message] of Object.entries(fieldErrors)) {
    const [head, second] = key.split(".");
    const field = head === "terms" ? (second ? FIELD_OF[second] : undefined) : head === "reason" || head === "organizationId" ? head : undefined;
    if (field) onFields[field] = onFields[field] ? `${onFields[field]} ${message}` : message;
    else rest = true;
  }
  return { onFields, rest };
}
