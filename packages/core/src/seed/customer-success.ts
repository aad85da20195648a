/**
 * Demo customer-success data, loaded after the organizations: CS staff and
 * assignments, contracts (only when the billing seed has not made any), 180 days of usage with distinct trajectories (Acme growing, Globex
 * steady, Umbrella declining, Tyrell idle), tickets, NPS,
 * monthly SLA records, today's health scores plus 18 weeks of history, past
 * renewals with outcomes for the backtest (synthetic but deterministic), a
 * generated QBR with a scheduled meeting, and impersonation policies.
 */
import type { Db, Prisma, Tx } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { recomputeHealth } from "../health/recompute.ts";
import { buildQbrContent, parseQuarter, previousQuarter, quarterOf } from "../qbr/service.ts";
import type { SupportLevel } from "../support/sla.ts";
import { seedSupportTickets } from "./support.ts";

const actor = systemActor("demo-seed");
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) + offset * DAY);

interface Profile {
  key: string;
  seats: number;
  arrMinor: number;
  renewalIn: number;
  /** Active users now and 180 days ago. */
  users: [number, number];
  /** Daily API calls now and 180 days ago. */
  calls: [number, number];
  idleDays: number;
  features: string[];
  nps: number[];
  slaUptime: number[];
  /** The contract's support level when this seed makes the contract (as the billing seed's contracts say). */
  supportLevel: SupportLevel;
}

const PROFILES: Profile[] = [
  { key: "acme", seats: 200, arrMinor: 48_000_000, renewalIn: 45, users: [172, 120], calls: [52_000, 30_000], idleDays: 0, features: ["sso", "audit_log", "api", "workspaces"], nps: [10, 9, 9, 8, 10], slaUptime: [99.98, 99.95, 99.99, 99.97, 99.96, 99.99], supportLevel: "premium" },
  { key: "acmeNorthAmerica", seats: 80, arrMinor: 15_000_000, renewalIn: 200, users: [70, 50], calls: [21_000, 15_000], idleDays: 0, features: ["api", "workspaces", "reports"], nps: [9, 8], slaUptime: [], supportLevel: "premium" },
  { key: "acmeEmea", seats: 60, arrMinor: 12_000_000, renewalIn: 200, users: [31, 40], calls: [9_000, 11_000], idleDays: 1, features: ["api"], nps: [7, 6], slaUptime: [], supportLevel: "premium" },
  { key: "globex", seats: 150, arrMinor: 30_000_000, renewalIn: 80, users: [118, 115], calls: [40_000, 41_000], idleDays: 0, features: ["sso", "api", "workspaces"], nps: [9, 7, 8], slaUptime: [99.95, 99.9, 99.97, 99.92, 99.95, 99.96], supportLevel: "business" },
  { key: "umbrella", seats: 100, arrMinor: 22_000_000, renewalIn: 25, users: [34, 80], calls: [6_000, 25_000], idleDays: 6, features: ["api"], nps: [3, 5, 6, 9], slaUptime: [99.9, 99.7, 99.95, 99.5, 99.9, 99.92], supportLevel: "dedicated" },
  { key: "tyrell", seats: 40, arrMinor: 9_000_000, renewalIn: 150, users: [12, 30], calls: [900, 8_000], idleDays: 12, features: [], nps: [], slaUptime: [99.9, 99.9, 99.95, 99.9, 99.9, 99.9], supportLevel: "business" },
];

const STAFF: [string, string, "csm" | "support" | "finance"][] = [
  ["lead@atrium.example", "Pat Lead", "csm"],
  ["support@atrium.example", "Sky Support", "support"],
  ["finance@atrium.example", "Fran Finance", "finance"],
];

/** Deterministic pseudo-random numbers (LCG) so the demo and its backtest are the same every time. */
function random(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

export async function seedCustomerSuccess(db: Db, organizations: Record<string, string>, users: Record<string, string>, passwordHash: string): Promise<void> {
  await db.$transaction((tx) => seed(tx, organizations, users, passwordHash), { maxWait: 60_000, timeout: 120_000 });
}

async function seed(db: Tx, organizations: Record<string, string>, users: Record<string, string>, passwordHash: string): Promise<void> {
  const org = (key: string) => organizations[key]!;
  const csm = users["csm@atrium.example"]!;
  for (const [email, name, platformRole] of STAFF) {
    const user = await db.user.upsert({ where: { email }, create: { email, name, passwordHash, platformRole }, update: {}, select: { id: true } });
    users[email] = user.id;
  }
  await db.csLead.create({ data: { userId: users["lead@atrium.example"]! } });
  const assignments: [string, string][] = [["acme", csm], ["globex", csm], ["umbrella", csm], ["tyrell", users["jordan.lee@atrium.example"]!]];
  for (const [key, csmUserId] of assignments) {
    await db.customerAssignment.create({ data: { organizationId: org(key), csmUserId } });
    await recordAudit(db, actor, { action: "customer.assign", organizationId: org(key), resource: { type: "organization", id: org(key) }, details: { csmUserId } });
  }

  const billingSeeded = (await db.contract.count()) > 0;
  for (const p of PROFILES) {
    const id = org(p.key);
    // The billing seed owns contracts and invoices; these stand in only when it has not run.
    if (!billingSeeded) {
      const root = !["acmeNorthAmerica", "acmeEmea"].includes(p.key);
      await db.contract.create({
        data: {
          organizationId: id,
          issuerId: p.key === "globex" ? "atrium-eu" : "atrium-us",
          name: `${p.key === "globex" ? "Globex" : "Enterprise"} agreement`,
          currency: p.key === "globex" ? "eur" : "usd",
          annualValueMinor: BigInt(p.arrMinor),
          seats: p.seats,
          startDate: day(p.renewalIn - 365),
          endDate: day(p.renewalIn + 1),
          renewalDate: day(p.renewalIn),
          slaUptimePercent: 99.9,
          slaP99LatencyMs: 400,
          slaSupportLevel: p.supportLevel,
          csmUserId: root ? (assignments.find(([k]) => k === p.key)?.[1] ?? csm) : null,
          billingContacts: [`billing@${p.key.replace(/[A-Z].*/, "")}.example`],
        },
        select: { id: true },
      });
    }
    // 180 days of usage: linear from the old level to today's, with a weekly rhythm, idle at the end.
    await db.$executeRaw`
      INSERT INTO usage_daily_rollups (organization_id, metric, day, quantity, events)
      SELECT ${id}::uuid, m.metric::usage_metric, current_date - d,
             CASE WHEN d < ${p.idleDays} AND m.metric <> 'seats' THEN 0
                  ELSE greatest(0, round((m.now_v + (m.then_v - m.now_v) * d / 180.0) * (CASE WHEN extract(isodow FROM current_date - d) > 5 THEN 0.4 ELSE 1 END)))::bigint END,
             1
        FROM generate_series(0, 179) AS d
       CROSS JOIN (VALUES ('api_calls', ${p.calls[0]}::float8, ${p.calls[1]}::float8),
                          ('operations', ${p.calls[0] / 10}::float8, ${p.calls[1] / 10}::float8),
                          ('seats', ${p.users[0]}::float8, ${p.users[1]}::float8)) AS m(metric, now_v, then_v)
      ON CONFLICT (organization_id, metric, day) DO NOTHING`;
    for (const [i, feature] of p.features.entries()) {
      await db.usageEvent.create({
        data: { organizationId: id, metric: "operations", quantity: 1n, idempotencyKey: `demo-feature-${feature}`, occurredAt: day(-(i * 3 + p.idleDays + 1)), properties: { feature } },
        select: { id: true },
      });
    }
    const members = await db.membership.findMany({ where: { organizationId: id }, select: { userId: true }, orderBy: { createdAt: "asc" } });
    await db.npsResponse.createMany({
      data: p.nps.map((score, i) => ({
        organizationId: id,
        userId: members[i % members.length]?.userId ?? null,
        score,
        comment: score >= 9 ? "Reliable and the admin console saves us hours." : score <= 6 ? "Too many outages this quarter and slow support." : "",
        createdAt: day(-(5 + i * 9)),
      })),
    });
    await db.slaMonthly.createMany({
      data: p.slaUptime.map((uptime, i) => ({
        organizationId: id,
        month: new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - (i + 1), 1)),
        uptimePct: uptime,
        p99LatencyMs: uptime < 99.8 ? 520 : 280 + i * 10,
      })),
    });
  }

  await seedSupportTickets(db, organizations, users);

  await db.impersonationSetting.create({ data: { organizationId: org("globex"), mode: "approval_required" } });
  await db.impersonationSetting.create({ data: { organizationId: org("umbrella"), mode: "disabled" } });

  // Today's scores from the data, then 18 weeks of history leading to them and past renewals for the backtest.
  await recomputeHealth(db);
  const drift: Record<string, number> = { acme: -8, acmeNorthAmerica: -5, acmeEmea: 6, globex: 1, umbrella: 22, tyrell: 12 };
  for (const p of PROFILES) {
    await db.$executeRaw`
      INSERT INTO health_scores (organization_id, scored_on, score, own_score, risk, components)
      SELECT h.organization_id, h.scored_on - d, s, s, CASE WHEN s < 50 THEN 'high' WHEN s < 70 THEN 'medium' ELSE 'low' END, h.components
        FROM health_scores h, generate_series(1, 126) AS d,
             LATERAL (SELECT greatest(0, least(100, round(h.score + ${drift[p.key] ?? 0} * d / 126.0 + 3 * sin(d / 5.0))))::int AS s) v
       WHERE h.organization_id = ${org(p.key)}::uuid AND h.scored_on = current_date
      ON CONFLICT DO NOTHING`;
  }
  const rand = random(42);
  const keys = PROFILES.map((p) => p.key);
  const history: Prisma.HealthScoreCreateManyInput[] = [];
  const outcomes: Prisma.RenewalOutcomeCreateManyInput[] = [];
  for (let i = 0; i < 48; i++) {
    const key = keys[i % keys.length]!;
    const renewalDate = day(-200 - i * 11);
    const churned = rand() < 0.3;
    const score = Math.round(churned ? 30 + rand() * 40 : 50 + rand() * 45);
    const risk = score < 50 ? "high" : score < 70 ? "medium" : "low";
    history.push({ organizationId: org(key), scoredOn: new Date(renewalDate.getTime() - 90 * DAY), score, ownScore: score, risk, components: { items: [], rollup: null, synthetic: true } });
    outcomes.push({ organizationId: org(key), renewalDate, outcome: churned ? "churned" : "renewed" });
  }
  await db.healthScore.createMany({ data: history });
  await db.renewalOutcome.createMany({ data: outcomes });

  const q = parseQuarter(previousQuarter(quarterOf(new Date())).quarter);
  const content = await buildQbrContent(db, org("acme"), q);
  const qbr = await db.qbr.create({
    data: { organizationId: org("acme"), quarter: q.quarter, periodStart: new Date(`${q.start}T00:00:00Z`), periodEnd: new Date(`${q.end}T00:00:00Z`), content: content as unknown as Prisma.InputJsonObject, generatedBy: "demo-seed" },
    select: { id: true },
  });
  await recordAudit(db, actor, { action: "qbr.generate", organizationId: org("acme"), resource: { type: "qbr", id: qbr.id }, details: { quarter: q.quarter } });
  await db.qbrMeeting.create({
    data: { qbrId: qbr.id, organizationId: org("acme"), startsAt: day(14 + 0.625), durationMinutes: 60, attendees: ["admin@acme.example", "csm@atrium.example"], location: "Video call" },
  });
}
