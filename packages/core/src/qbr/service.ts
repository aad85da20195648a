/**
 * Quarterly business reviews: generated per quarter per enterprise customer
 * (the qbr-generate job at each quarter's start for the quarter just ended,
 * or on demand) from the figures in figures.ts, the quarter before for
 * comparison, monthly series for the charts, and rules-based signals and
 * recommendations. Regenerating a quarter replaces its content.
 */
import type { Db, DbOrTx, Prisma } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import { FIGURES, SERIES, type FigureKey } from "./figures.ts";
import { compareUsage, usageSentence, type UsageWindow } from "./usage-change.ts";

export interface Quarter {
  quarter: string;
  start: string;
  /** The day after the quarter (exclusive). */
  end: string;
}

export function quarterOf(date: Date): Quarter {
  const y = date.getUTCFullYear();
  const q = Math.floor(date.getUTCMonth() / 3);
  const start = new Date(Date.UTC(y, q * 3, 1));
  const end = new Date(Date.UTC(y, q * 3 + 3, 1));
  return { quarter: `${y}-Q${q + 1}`, start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

export function parseQuarter(quarter: string): Quarter {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw new AppError("BAD_REQUEST", { userMessage: "A quarter looks like 2026-Q3." });
  return quarterOf(new Date(Date.UTC(Number(m[1]), (Number(m[2]) - 1) * 3, 1)));
}

export const previousQuarter = (q: Quarter): Quarter => quarterOf(new Date(new Date(`${q.start}T00:00:00Z`).getTime() - 86_400_000));

export interface Figure {
  key: FigureKey;
  label: string;
  unit: string;
  value: number | null;
  previous: number | null;
  source: { sql: string; params: [string, string, string]; previousParams: [string, string, string] };
}

export interface Series<T> {
  sql: string;
  params: [string, string, string];
  rows: T[];
}

export interface QbrContent {
  organization: { id: string; name: string };
  quarter: string;
  periodStart: string;
  periodEnd: string;
  figures: Record<FigureKey, Figure>;
  /** Display order of the figures (JSON objects in PostgreSQL do not keep key order). */
  figureOrder: FigureKey[];
  charts: {
    usageByMonth: Series<{ month: string; api_calls: number; operations: number }>;
    slaByMonth: Series<{ month: string; uptime_pct: number | null; p99_latency_ms: number | null; uptime_target: number | null; p99_target: number | null }>;
    healthByWeek: Series<{ week: string; score: number }>;
  };
  renewal: { renewalDate: string; daysLeft: number; arrMinor: number; currency: string } | null;
  summary: string[];
  expansionSignals: string[];
  recommendations: string[];
}

async function run(db: DbOrTx, sql: string, params: [string, string, string]): Promise<number | null> {
  const [row] = await db.$queryRawUnsafe<{ v: number | null }[]>(sql, ...params);
  return row?.v ?? null;
}

/** Re-runs a stored figure's query (for tracing a number to its source). */
export const runFigure = run;

const daysIn = (q: Quarter) => Math.round((Date.parse(q.end) - Date.parse(q.start)) / 86_400_000);

export async function buildQbrContent(db: DbOrTx, organizationId: string, q: Quarter, today = new Date()): Promise<QbrContent> {
  const [org] = await db.$queryRaw<{ id: string; name: string; path: string }[]>`
    SELECT id::text, name, path::text FROM organizations WHERE id = ${organizationId}::uuid AND deleted_at IS NULL`;
  if (!org) throw new AppError("NOT_FOUND", { userMessage: "The customer was not found." });
  const prev = previousQuarter(q);
  const params: [string, string, string] = [org.path, q.start, q.end];
  const previousParams: [string, string, string] = [org.path, prev.start, prev.end];
  const figures = {} as Record<FigureKey, Figure>;
  for (const key of Object.keys(FIGURES) as FigureKey[]) {
    const spec = FIGURES[key];
    figures[key] = {
      key,
      label: spec.label,
      unit: spec.unit,
      value: await run(db, spec.sql, params),
      previous: await run(db, spec.sql, previousParams),
      source: { sql: spec.sql, params, previousParams },
    };
  }
  const series = async <T>(sql: string): Promise<Series<T>> => ({ sql, params, rows: await db.$queryRawUnsafe<T[]>(sql, ...params) });
  const usageParams: [string, string, string] = [org.path, prev.start, q.end];
  const usageByMonth = { sql: SERIES.usage_by_month, params: usageParams, rows: await db.$queryRawUnsafe<{ month: string; api_calls: number; operations: number }[]>(SERIES.usage_by_month, ...usageParams) };
  const charts = {
    usageByMonth,
    slaByMonth: await series<QbrContent["charts"]["slaByMonth"]["rows"][number]>(SERIES.sla_by_month),
    healthByWeek: await series<{ week: string; score: number }>(SERIES.health_by_week),
  };
  const [contract] = await db.$queryRaw<{ renewal_date: Date; arr: bigint; currency: string }[]>`
    SELECT renewal_date, annual_value_minor AS arr, currency::text FROM contracts
     WHERE organization_id = ${organizationId}::uuid AND status IN ('active', 'renewal_pending') ORDER BY start_date DESC LIMIT 1`;
  const renewal = contract
    ? {
        renewalDate: contract.renewal_date.toISOString().slice(0, 10),
        daysLeft: Math.round((contract.renewal_date.getTime() - Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) / 86_400_000),
        arrMinor: Number(contract.arr),
        currency: contract.currency,
      }
    : null;
  const f = (k: FigureKey) => figures[k].value;
  const usageNow: UsageWindow = { quarter: q.quarter, total: (f("api_calls") ?? 0) + (f("operations") ?? 0), daysWithData: f("usage_days") ?? 0, daysInQuarter: daysIn(q) };
  const usageBefore: UsageWindow = {
    quarter: prev.quarter,
    total: (figures.api_calls.previous ?? 0) + (figures.operations.previous ?? 0),
    daysWithData: figures.usage_days.previous ?? 0,
    daysInQuarter: daysIn(prev),
  };
  const usage = compareUsage(usageNow, usageBefore);
  const usageChange = usage.change;
  const seats = f("contracted_seats") ?? 0;
  const utilization = seats > 0 ? Math.round(((f("peak_active_users") ?? 0) / seats) * 100) : null;
  const slaRows = charts.slaByMonth.rows.filter((r) => r.uptime_pct !== null);
  const slaMissed = slaRows.filter((r) => (r.uptime_target !== null && r.uptime_pct! < r.uptime_target) || (r.p99_target !== null && r.p99_latency_ms! > r.p99_target));

  const summary = [
    usageSentence(org.name, usageNow, usageBefore, usage),
    utilization === null ? "No contracted seats in the period." : `Peak active users were ${f("peak_active_users")} of ${seats} contracted seats (${utilization}%).`,
    `${f("tickets_opened") ?? 0} support tickets opened, ${f("tickets_resolved") ?? 0} resolved${f("resolved_in_sla_pct") === null ? "" : ` (${f("resolved_in_sla_pct")}% within SLA)`}.`,
    slaRows.length ? `Service levels met in ${slaRows.length - slaMissed.length} of ${slaRows.length} months.` : "No service-level records for the period.",
    f("health_end") === null ? "No health score in the period." : `Health ${f("health_start")} → ${f("health_end")}.`,
  ];
  const expansionSignals: string[] = [];
  if (utilization !== null && utilization >= 90) expansionSignals.push(`Seat utilization at ${utilization}%: propose more seats.`);
  if (usageChange !== null && usageChange >= 20) expansionSignals.push(`Usage up ${usageChange}% quarter over quarter${usage.perDay ? " (per day with data)" : ""}: discuss a higher usage tier.`);
  const keyFeatures = await db.healthConfig.findUniqueOrThrow({ where: { id: 1 }, select: { thresholds: true } });
  const totalKeyFeatures = ((keyFeatures.thresholds as { key_features?: string[] }).key_features ?? []).length;
  const recommendations: string[] = [];
  if (utilization !== null && utilization < 60) recommendations.push(`Only ${utilization}% of seats are used: run an adoption session with team leads.`);
  if (usageChange !== null && usageChange <= -15) recommendations.push(`Usage fell ${Math.abs(usageChange)}%${usage.perDay ? " per day with data" : ""}: review the decline with the customer's champion.`);
  if ((f("key_features_used") ?? 0) < totalKeyFeatures) recommendations.push(`${f("key_features_used") ?? 0} of ${totalKeyFeatures} key features in use: demo the rest.`);
  if (f("nps") !== null && f("nps")! < 0) recommendations.push(`NPS is ${f("nps")}: follow up with detractors before the renewal.`);
  if (slaMissed.length) recommendations.push(`SLA missed in ${slaMissed.map((r) => r.month).join(", ")}: share the incident reports and any service credits.`);
  if ((f("resolved_in_sla_pct") ?? 100) < 80) recommendations.push("Under 80% of tickets resolved within SLA: agree an escalation path.");
  if (renewal && renewal.daysLeft <= 120) recommendations.push(`Renewal on ${renewal.renewalDate} (${renewal.daysLeft} days): start the renewal conversation.`);
  if (recommendations.length === 0) recommendations.push("Healthy quarter: ask for a reference or case study.");
  return { organization: { id: org.id, name: org.name }, quarter: q.quarter, periodStart: q.start, periodEnd: q.end, figures, figureOrder: Object.keys(FIGURES) as FigureKey[], charts, renewal, summary, expansionSignals, recommendations };
}

export async function generateQbr(db: Db, actor: Actor, organizationId: string, quarter: string): Promise<{ id: string }> {
  const q = parseQuarter(quarter);
  const content = await buildQbrContent(db, organizationId, q);
  const generatedBy = actor.type === "system" ? actor.job : actor.type === "user" || actor.type === "staff" ? actor.email : actor.type;
  return db.$transaction(async (tx) => {
    const row = await tx.qbr.upsert({
      where: { organizationId_quarter: { organizationId, quarter: q.quarter } },
      create: { organizationId, quarter: q.quarter, periodStart: new Date(`${q.start}T00:00:00Z`), periodEnd: new Date(`${q.end}T00:00:00Z`), content: content as unknown as Prisma.InputJsonObject, generatedBy },
      update: { content: content as unknown as Prisma.InputJsonObject, generatedBy, generatedAt: new Date() },
      select: { id: true },
    });
    await recordAudit(tx, actor, { action: "qbr.generate", organizationId, resource: { type: "qbr", id: row.id }, details: { quarter: q.quarter } });
    return row;
  });
}

/** Generates the quarter's QBR for every enterprise customer (roots) that lacks one. */
export async function generateQuarterQbrs(db: Db, actor: Actor, quarter: string): Promise<number> {
  const missing = await db.$queryRaw<{ id: string }[]>`
    SELECT o.id::text FROM organizations o
     WHERE o.parent_id IS NULL AND o.is_enterprise AND o.deleted_at IS NULL AND o.archived_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM qbrs q WHERE q.organization_id = o.id AND q.quarter = ${quarter})`;
  for (const { id } of missing) await generateQbr(db, actor, id, quarter);
  return missing.length;
}

export interface QbrSummary {
  id: string;
  organizationId: string;
  quarter: string;
  generatedAt: Date;
  generatedBy: string;
  meetings: { id: string; startsAt: Date; durationMinutes: number; attendees: string[]; location: string }[];
}

export async function listQbrs(db: DbOrTx, organizationId: string): Promise<QbrSummary[]> {
  const rows = await db.qbr.findMany({
    where: { organizationId },
    orderBy: { quarter: "desc" },
    select: { id: true, organizationId: true, quarter: true, generatedAt: true, generatedBy: true, meetings: { select: { id: true, startsAt: true, durationMinutes: true, attendees: true, location: true }, orderBy: { startsAt: "asc" } } },
  });
  return rows;
}

export async function getQbr(db: DbOrTx, qbrId: string): Promise<(QbrSummary & { content: QbrContent }) | null> {
  const row = await db.qbr.findUnique({
    where: { id: qbrId },
    select: { id: true, organizationId: true, quarter: true, generatedAt: true, generatedBy: true, content: true, meetings: { select: { id: true, startsAt: true, durationMinutes: true, attendees: true, location: true }, orderBy: { startsAt: "asc" } } },
  });
  return row ? { ...row, content: row.content as unknown as QbrContent } : null;
}

export interface MeetingInput {
  startsAt: Date;
  durationMinutes: number;
  attendees: string[];
  location: string;
}

export async function scheduleQbr(db: Db, actor: Actor, qbrId: string, input: MeetingInput): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const qbr = await tx.qbr.findUnique({ where: { id: qbrId }, select: { organizationId: true, quarter: true } });
    if (!qbr) throw new AppError("NOT_FOUND", { userMessage: "The QBR was not found." });
    const createdById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    const row = await tx.qbrMeeting.create({ data: { qbrId, organizationId: qbr.organizationId, ...input, createdById }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "qbr.schedule",
      organizationId: qbr.organizationId,
      resource: { type: "qbr_meeting", id: row.id },
      details: { quarter: qbr.quarter, startsAt: input.startsAt.toISOString(), durationMinutes: input.durationMinutes, attendees: input.attendees.length },
    });
    return row;
  });
}
