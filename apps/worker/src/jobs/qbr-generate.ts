/**
 * QBRs: at the start of each quarter, generates the quarter just ended for
 * every enterprise customer that lacks one; `{ organizationId, quarter }`
 * generates (or regenerates) one on demand.
 */
import { generateQbr, generateQuarterQbrs, previousQuarter, quarterOf } from "@atrium/core/qbr";
import { systemActor } from "@atrium/core/actor";
import type { QueueDefinition } from "./types.ts";

export const qbrGenerate: QueueDefinition<{ organizationId?: string; quarter?: string }> = {
  name: "qbr-generate",
  description: "Generates quarterly business reviews at each quarter's start, or one on demand",
  schedule: "0 5 1 1,4,7,10 *",
  options: { policy: "standard", retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 3600 },
  async handle(job, { db, log }) {
    const actor = systemActor("qbr-generate");
    const quarter = job.data.quarter ?? previousQuarter(quarterOf(new Date())).quarter;
    if (job.data.organizationId) {
      const { id } = await generateQbr(db, actor, job.data.organizationId, quarter);
      return { quarter, generated: 1, id };
    }
    const generated = await generateQuarterQbrs(db, actor, quarter);
    log(`qbr-generate: ${generated} QBRs for ${quarter}`);
    return { quarter, generated };
  },
};
