/**
 * What a health-configuration change would do before it is saved: today's
 * score and risk band of every enterprise customer (top-level organization)
 * under the current configuration and under the proposed one, and which
 * customers would change band.
 *
 * The preview runs the real recompute statement twice inside one transaction
 * (current configuration, then the proposed one written to health_config) and
 * rolls the transaction back, so it can never disagree with what saving and
 * the nightly job would produce, and nothing it computes is kept.
 */
import type { Db, DbOrTx } from "@atrium/db";
import { ZHealthConfig, type THealthConfig } from "./config.ts";
import type { Risk } from "./portfolio.ts";
import { dayOf, recomputeHealth } from "./recompute.ts";

export interface PreviewRow {
  organizationId: string;
  name: string;
  scoreBefore: number;
  riskBefore: Risk;
  scoreAfter: number;
  riskAfter: Risk;
}

export interface HealthConfigPreview {
  /** Customers scored (top-level enterprise organizations). */
  customers: number;
  /** Customers per band under the current and the proposed configuration. */
  bandsBefore: Record<Risk, number>;
  bandsAfter: Record<Risk, number>;
  /** The customers whose band changes, worst new band first. */
  changed: PreviewRow[];
}

interface Scored {
  id: string;
  name: string;
  score: number;
  risk: Risk;
}

/** Thrown inside the transaction to roll it back once the answer is read. */
class Rollback extends Error {}

async function scoredCustomers(tx: DbOrTx, day: string): Promise<Map<string, Scored>> {
  const rows = await tx.$queryRaw<Scored[]>`
    SELECT o.id::text, o.name, h.score::int AS score, h.risk
      FROM health_scores h JOIN organizations o ON o.id = h.organization_id
     WHERE h.scored_on = ${day}::date AND o.parent_id IS NULL
     ORDER BY o.name`;
  return new Map(rows.map((r) => [r.id, r]));
}

const RISK_ORDER: Record<Risk, number> = { high: 0, medium: 1, low: 2 };

function countBands(rows: Iterable<Scored>): Record<Risk, number> {
  const bands: Record<Risk, number> = { high: 0, medium: 0, low: 0 };
  for (const r of rows) bands[r.risk] += 1;
  return bands;
}

export async function previewHealthConfig(db: Db, config: THealthConfig, asOf: Date = new Date()): Promise<HealthConfigPreview> {
  const proposed = ZHealthConfig.parse(config);
  const day = dayOf(asOf);
  let preview: HealthConfigPreview | undefined;
  try {
    await db.$transaction(
      async (tx) => {
        await recomputeHealth(tx, { asOf });
        const before = await scoredCustomers(tx, day);
        await tx.healthConfig.update({ where: { id: 1 }, data: { weights: proposed.weights, thresholds: proposed.thresholds, rollup: proposed.rollup } });
        await recomputeHealth(tx, { asOf });
        const after = await scoredCustomers(tx, day);
        const changed: PreviewRow[] = [];
        for (const [id, b] of before) {
          const a = after.get(id);
          if (a && a.risk !== b.risk) changed.push({ organizationId: id, name: b.name, scoreBefore: b.score, riskBefore: b.risk, scoreAfter: a.score, riskAfter: a.risk });
        }
        changed.sort((x, y) => RISK_ORDER[x.riskAfter] - RISK_ORDER[y.riskAfter] || x.name.localeCompare(y.name));
        preview = { customers: before.size, bandsBefore: countBands(before.values()), bandsAfter: countBands(after.values()), changed };
        throw new Rollback();
      },
      { timeout: 60_000 },
    );
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return preview!;
}
