/**
 * Reads and decisions of /v1 are recorded on the platform log, but not in the
 * request: they are queued here and appended every `intervalMs` (or when
 * `maxEntries` wait) in one transaction, so the hot path (an authorize check)
 * costs no audit insert and no wait on the platform chain's lock. The price: a
 * crash loses at most one interval of read records. Changes made through /v1
 * are audited in their own transaction, never through this buffer.
 */
import { recordAudit, type Actor, type AuditEntry } from "@atrium/core";
import type { Db } from "@atrium/db";

export class AuditBuffer {
  private pending: { actor: Actor; entry: AuditEntry }[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown) => void,
    intervalMs = 200,
    private readonly maxEntries = 500,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  push(actor: Actor, entry: AuditEntry): void {
    this.pending.push({ actor, entry });
    if (this.pending.length >= this.maxEntries) void this.flush();
  }

  /** Appends what is queued (after any flush already running); resolves when it is written. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending.splice(0);
      if (batch.length === 0) return;
      try {
        await this.db.$transaction(async (tx) => {
          for (const { actor, entry } of batch) await recordAudit(tx, actor, entry);
        });
      } catch (error) {
        this.onError(error);
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
