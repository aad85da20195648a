/**
 * QBRs: at the start of each quarter, generates the quarter just ended for
 * every enterprise customer that lacks one; `{ organizationId, quarter }`
 * generates (or regenerates) one on demand.
 */
import { generateQbr, generateQuarterQbrs, previousQuarter, quarterOf } from "@atrium/core/qbr";
import { systemActor } from "@atrium/core/actor";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const qbrGenerate: QueueDefinition = defineJob(QUEUES.qbrGenerate, {
  schedule: "0 5 1 1,4,7,10 *",
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
});
