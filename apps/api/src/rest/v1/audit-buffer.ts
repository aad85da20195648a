/**
 * Reads and decisions of /v1 are recorded on the platform log, but not in the
 * request: they are queued here and appended every `intervalMs` (or when
 * `maxEntries` wait) in one statement (recordAudits), so the hot path (an
 * authorize check) costs no audit insert and no wait on the platform chain's
 * lock. Changes made through /v1 are audited in their own transaction, never
 * through this buffer.
 *
 * What can be lost: nothing on a clean stop (the server's onClose awaits
 * close(), which appends what is queued). A batch the database refuses
 * (unreachable, failing over) is queued again in front of newer records and
 * retried at the next interval, up to `maxQueued` records; beyond that the
 * oldest are dropped and the loss reported through `onError`. A crash (kill
 * -9, out of memory) loses what was queued: at most one interval of read and
 * decision records, plus whatever waited for an unreachable database.
 */
import { recordAudits, type AuditEntry } from "@atrium/core/audit";
import { type Actor } from "@atrium/core/actor";
import type { Db } from "@atrium/db";

export interface AuditBufferOptions {
  intervalMs?: number;
  /** Queued records that trigger an append before the interval ends. */
  maxEntries?: number;
  /** Records kept while the database refuses them; the oldest beyond this are dropped. */
  maxQueued?: number;
  /** How a batch is appended (tests pass a writer that fails); default recordAudits. */
  write?: (db: Db, items: { actor: Actor; entry: AuditEntry }[]) => Promise<void>;
}

export class AuditBuffer {
  private pending: { actor: Actor; entry: AuditEntry }[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly maxEntries: number;
  private readonly maxQueued: number;
  private readonly write: NonNullable<AuditBufferOptions["write"]>;

  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown) => void,
    { intervalMs = 200, maxEntries = 500, maxQueued = 50_000, write = recordAudits }: AuditBufferOptions = {},
  ) {
    this.write = write;
    this.maxEntries = maxEntries;
    this.maxQueued = maxQueued;
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  push(actor: Actor, entry: AuditEntry): void {
    this.pending.push({ actor, entry });
    if (this.pending.length === this.maxEntries) void this.flush();
  }

  /** Records queued and not yet appended. */
  get size(): number {
    return this.pending.length;
  }

  /** Appends what is queued (after any flush already running); resolves when it is written or requeued. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending.splice(0);
      if (batch.length === 0) return;
      try {
        await this.write(this.db, batch);
      } catch (error) {
        this.pending = [...batch, ...this.pending];
        const dropped = this.pending.length - this.maxQueued;
        if (dropped > 0) this.pending.splice(0, dropped);
        this.onError(dropped > 0 ? new Error(`${dropped} /v1 audit records dropped: the database refused them`, { cause: error }) : error);
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
