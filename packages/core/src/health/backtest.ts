/**
 * Backtest: how well the health score, as it stood `leadDays` before each
 * renewal, separated customers who churned from those who renewed. AUC is
 * the probability that a renewed customer scored higher than a churned one
 * (ties count half; 0.5 is chance, 1 perfect). The calibration table compares,
 * per score band, the renewal rate the score implies (mean score / 100) with
 * the renewal rate that happened.
 */
import type { Db, DbOrTx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";

export interface Sample {
  score: number;
  renewed: boolean;
}

/** Mann–Whitney AUC; null without both outcomes. */
export function auc(samples: readonly Sample[]): number | null {
  const renewed = samples.filter((s) => s.renewed).map((s) => s.score);
  const churned = samples.filter((s) => !s.renewed).map((s) => s.score);
  if (renewed.length === 0 || churned.length === 0) return null;
  let wins = 0;
  for (const r of renewed) for (const c of churned) wins += r > c ? 1 : r === c ? 0.5 : 0;
  return wins / (renewed.length * churned.length);
}

export const BANDS = [
  [0, 39],
  [40, 54],
  [55, 69],
  [70, 84],
  [85, 100],
] as const;

export interface CalibrationRow {
  band: string;
  customers: number;
  /** Mean score / 100 in the band. */
  expectedRenewalRate: number | null;
  actualRenewalRate: number | null;
  churned: number;
}

export function calibration(samples: readonly Sample[]): CalibrationRow[] {
  return BANDS.map(([lo, hi]) => {
    const inBand = samples.filter((s) => s.score >= lo && s.score <= hi);
    const renewed = inBand.filter((s) => s.renewed).length;
    return {
      band: `${lo}–${hi}`,
      customers: inBand.length,
      expectedRenewalRate: inBand.length ? inBand.reduce((a, s) => a + s.score, 0) / inBand.length / 100 : null,
      actualRenewalRate: inBand.length ? renewed / inBand.length : null,
      churned: inBand.length - renewed,
    };
  });
}

export interface BacktestResult {
  leadDays: number;
  samples: number;
  renewed: number;
  churned: number;
  /** Renewals without a score snapshot before them (left out). */
  unscored: number;
  auc: number | null;
  calibration: CalibrationRow[];
}

export async function backtest(db: DbOrTx, leadDays = 90): Promise<BacktestResult> {
  const rows = await db.$queryRaw<{ score: number | null; outcome: string }[]>`
    SELECT (SELECT h.score FROM health_scores h
             WHERE h.organization_id = r.organization_id AND h.scored_on <= r.renewal_date - ${leadDays}::int
             ORDER BY h.scored_on DESC LIMIT 1)::int AS score, r.outcome
      FROM renewal_outcomes r`;
  const samples = rows.filter((r) => r.score !== null).map((r) => ({ score: r.score!, renewed: r.outcome === "renewed" }));
  return {
    leadDays,
    samples: samples.length,
    renewed: samples.filter((s) => s.renewed).length,
    churned: samples.filter((s) => !s.renewed).length,
    unscored: rows.length - samples.length,
    auc: auc(samples),
    calibration: calibration(samples),
  };
}

export async function recordRenewalOutcome(db: Db, actor: Actor, organizationId: string, renewalDate: string, outcome: "renewed" | "churned"): Promise<void> {
  await db.$transaction(async (tx) => {
    const recordedById = actor.type === "user" || actor.type === "staff" ? actor.userId : null;
    const existing = await tx.renewalOutcome.findUnique({ where: { organizationId_renewalDate: { organizationId, renewalDate: new Date(`${renewalDate}T00:00:00Z`) } }, select: { id: true } });
    if (existing) throw new AppError("CONFLICT", { userMessage: "This renewal's outcome is already recorded." });
    const row = await tx.renewalOutcome.create({ data: { organizationId, renewalDate: new Date(`${renewalDate}T00:00:00Z`), outcome, recordedById }, select: { id: true } });
    await recordAudit(tx, actor, { action: "renewal.outcome_record", organizationId, resource: { type: "renewal_outcome", id: row.id }, details: { renewalDate, outcome } });
  });
}
