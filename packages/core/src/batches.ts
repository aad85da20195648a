/**
 * Bounded deletes for the purge jobs: `batch` deletes at most `batchSize`
 * rows and says how many it deleted; it is called again until a batch comes
 * back short. No single statement holds locks on many rows, and a table that
 * grows during the run is still emptied of what is due.
 */
export async function inBatches(batch: () => Promise<number>, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await batch();
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
