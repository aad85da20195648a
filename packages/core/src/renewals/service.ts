/**
 * Renewals: the pipeline of live contracts renewing in the next 90 days, in
 * 30/60/90-day windows with ARR and health; and the reminders at 90, 60 and
 * 30 days. A reminder is sent exactly once per (contract, threshold, renewal
 * date): the renewal_reminders row (primary key on those three), its e-mails
 * in the outbox, the audit event and the contract's move to renewal_pending
 * commit in one transaction, so a second worker or a retry inserts nothing
 * and sends nothing. A renewed contract (new renewal date) starts a fresh cycle.
 */
import type { Db, DbOrTx } from "@atrium/db";
import { systemActor, type Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { visibleToStaff, type Staff } from "../staff/access.ts";

export const THRESHOLDS = [90, 60, 30] as const;
export type Threshold = (typeof THRESHOLDS)[number];

/** The reminder due for a contract `daysLeft` days before renewal: the window it is in (90 > d > 60 → 90, …). */
export function dueThreshold(daysLeft: number): Threshold | null {
  if (daysLeft < 0 || daysLeft > 90) return null;
  return daysLeft > 60 ? 90 : daysLeft > 30 ? 60 : 30;
}

export interface PipelineRow {
  contractId: string;
  organizationId: string;
  organizationName: string;
  renewalDate: string;
  daysLeft: number;
  window: "0-30" | "31-60" | "61-90";
  arrMinor: number;
  currency: string;
  status: string;
  score: number | null;
  risk: "low" | "medium" | "high" | null;
  csm: string | null;
  remindersSent: number[];
}

export interface Pipeline {
  rows: PipelineRow[];
  windows: { window: PipelineRow["window"]; contracts: number; arrMinor: number; arrAtRiskMinor: number }[];
  /** ARR renewing in 90 days whose health risk is medium or high. */
  arrAtRiskMinor: number;
}

export async function renewalPipeline(db: DbOrTx, staff: Staff, today = new Date()): Promise<Pipeline> {
  const day = today.toISOString().slice(0, 10);
  const raw = await db.$queryRaw<
    { contract_id: string; organization_id: string; organization_name: string; renewal_date: Date; days_left: number; arr_minor: bigint; currency: string; status: string; score: number | null; risk: PipelineRow["risk"]; csm: string | null; sent: number[] | null }[]
  >`
    SELECT c.id::text AS contract_id, o.id::text AS organization_id, o.name AS organization_name, c.renewal_date,
           (c.renewal_date - ${day}::date)::int AS days_left, c.annual_value_minor AS arr_minor, c.currency::text, c.status::text,
           hs.score::int AS score, hs.risk, u.name AS csm,
           (SELECT array_agg(r.threshold::int ORDER BY r.threshold DESC) FROM renewal_reminders r
             WHERE r.contract_id = c.id AND r.renewal_date = c.renewal_date) AS sent
      FROM contracts c
      JOIN organizations o ON o.id = c.organization_id
      LEFT JOIN users u ON u.id = c.csm_user_id
      LEFT JOIN LATERAL (SELECT h.score, h.risk FROM health_scores h WHERE h.organization_id = o.id ORDER BY h.scored_on DESC LIMIT 1) hs ON true
     WHERE c.status IN ('active', 'renewal_pending') AND o.deleted_at IS NULL
       AND c.renewal_date BETWEEN ${day}::date AND ${day}::date + 90
       AND ${visibleToStaff(staff)}
     ORDER BY c.renewal_date, o.name`;
  const rows: PipelineRow[] = raw.map((r) => ({
    contractId: r.contract_id,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    renewalDate: r.renewal_date.toISOString().slice(0, 10),
    daysLeft: r.days_left,
    window: r.days_left <= 30 ? "0-30" : r.days_left <= 60 ? "31-60" : "61-90",
    arrMinor: Number(r.arr_minor),
    currency: r.currency,
    status: r.status,
    score: r.score,
    risk: r.risk,
    csm: r.csm,
    remindersSent: r.sent ?? [],
  }));
  const atRisk = (r: PipelineRow) => r.risk === "high" || r.risk === "medium";
  const windows = (["0-30", "31-60", "61-90"] as const).map((window) => {
    const inWindow = rows.filter((r) => r.window === window);
    return {
      window,
      contracts: inWindow.length,
      arrMinor: inWindow.reduce((a, r) => a + r.arrMinor, 0),
      arrAtRiskMinor: inWindow.filter(atRisk).reduce((a, r) => a + r.arrMinor, 0),
    };
  });
  return { rows, windows, arrAtRiskMinor: rows.filter(atRisk).reduce((a, r) => a + r.arrMinor, 0) };
}

interface DueReminder {
  contract_id: string;
  organization_id: string;
  organization_name: string;
  contract_name: string;
  renewal_date: Date;
  days_left: number;
  arr_minor: bigint;
  currency: string;
  status: string;
  csm_email: string | null;
  billing_contacts: string[];
}

const money = (minor: bigint | number, currency: string) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase(), maximumFractionDigits: 0 }).format(Number(minor) / 100);

export function renewalReminderEmail(r: { organizationName: string; contractName: string; renewalDate: string; threshold: number; arr: string }) {
  const lines = [
    `${r.organizationName}'s contract "${r.contractName}" renews on ${r.renewalDate}, in ${r.threshold} days or less.`,
    `Annual value: ${r.arr}. Your customer success manager will be in touch about the renewal.`,
  ];
  return {
    template: `renewal-reminder-${r.threshold}`,
    subject: `Renewal in ${r.threshold} days: ${r.organizationName} (${r.renewalDate})`,
    text: `${lines.join("\n\n")}\n`,
    html: `<!doctype html><html><body style="font-family:system-ui,sans-serif">${lines.map((l) => `<p>${l.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`).join("")}</body></html>`,
  };
}

export interface ReminderRun {
  due: number;
  sent: number;
  emails: number;
}

/**
 * Sends the reminders due today. Candidates come from one query; each is
 * claimed by inserting its renewal_reminders row (ON CONFLICT DO NOTHING) in a
 * transaction that also queues the e-mails, marks the contract
 * renewal_pending and audits, so it is sent once whatever runs concurrently.
 */
export async function sendRenewalReminders(db: Db, today = new Date(), actor: Actor = systemActor("renewal-reminders")): Promise<ReminderRun> {
  const day = today.toISOString().slice(0, 10);
  const due = await db.$queryRaw<DueReminder[]>`
    SELECT c.id::text AS contract_id, c.organization_id::text, o.name AS organization_name, c.name AS contract_name, c.renewal_date,
           (c.renewal_date - ${day}::date)::int AS days_left, c.annual_value_minor AS arr_minor, c.currency::text, c.status::text,
           coalesce(cu.email, au.email)::text AS csm_email, c.billing_contacts::text[]
      FROM contracts c
      JOIN organizations o ON o.id = c.organization_id AND o.deleted_at IS NULL
      LEFT JOIN users cu ON cu.id = c.csm_user_id
      LEFT JOIN customer_assignments ca ON ca.organization_id = replace(subpath(o.path, 0, 1)::text, '_', '-')::uuid
      LEFT JOIN users au ON au.id = ca.csm_user_id
     WHERE c.status IN ('active', 'renewal_pending')
       AND c.renewal_date BETWEEN ${day}::date AND ${day}::date + 90`;
  let sent = 0;
  let emails = 0;
  for (const r of due) {
    const threshold = dueThreshold(r.days_left);
    if (threshold === null) continue;
    const renewalDate = r.renewal_date.toISOString().slice(0, 10);
    const recipients = [...new Set([r.csm_email, ...r.billing_contacts].filter((e): e is string => !!e).map((e) => e.toLowerCase()))];
    const result = await db.$transaction(async (tx) => {
      const claimed = await tx.$executeRaw`
        INSERT INTO renewal_reminders (contract_id, threshold, renewal_date, organization_id, recipients)
        VALUES (${r.contract_id}::uuid, ${threshold}, ${renewalDate}::date, ${r.organization_id}::uuid, ${recipients}::text[])
        ON CONFLICT DO NOTHING`;
      if (claimed === 0) return null;
      const email = renewalReminderEmail({ organizationName: r.organization_name, contractName: r.contract_name, renewalDate, threshold, arr: money(r.arr_minor, r.currency) });
      for (const to of recipients) await enqueueEmail(tx, { ...email, to, organizationId: r.organization_id });
      const moved = await tx.$queryRaw<{ version: number }[]>`
        UPDATE contracts SET status = 'renewal_pending', version = version + 1, updated_at = now()
         WHERE id = ${r.contract_id}::uuid AND status = 'active' RETURNING version`;
      if (moved[0]) {
        await tx.contractChange.create({
          data: {
            contractId: r.contract_id,
            organizationId: r.organization_id,
            version: moved[0].version,
            kind: "status_changed",
            changes: { status: { from: "active", to: "renewal_pending" } },
            reason: `renewal reminder (${threshold} days)`,
          },
          select: { id: true },
        });
      }
      await recordAudit(tx, actor, {
        action: "renewal.reminder_sent",
        organizationId: r.organization_id,
        resource: { type: "contract", id: r.contract_id },
        details: { threshold, renewalDate, recipients: recipients.length, markedRenewalPending: moved.length === 1 },
      });
      return recipients.length;
    });
    if (result !== null) {
      sent += 1;
      emails += result;
    }
  }
  return { due: due.length, sent, emails };
}
