/**
 * In-process notification of audit events written by this process, for
 * metrics (`atrium_audit_events_appended_total`). Listeners hear of an append
 * once its INSERT has run; a transaction rolled back afterwards still counted,
 * so the counter reads "events written", an upper bound of events committed.
 */
import type { AuditEntry } from "./writer.ts";

export type AuditAppendedListener = (entries: readonly Pick<AuditEntry, "action" | "status">[]) => void;

const listeners = new Set<AuditAppendedListener>();

/** Adds a listener; returns the function that removes it. */
export function onAuditAppended(listener: AuditAppendedListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function notifyAuditAppended(entries: readonly Pick<AuditEntry, "action" | "status">[]): void {
  for (const listener of listeners) {
    try {
      listener(entries);
    } catch {
      // a metrics listener never breaks the write that called it
    }
  }
}
