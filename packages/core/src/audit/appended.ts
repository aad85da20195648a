/**
 * In-process notification of audit events written by this process, for
 * metrics (`atrium_audit_events_appended_total`). Listeners hear of an append
 * once its INSERT has run; a transaction rolled back afterwards still counted,
 * so the counter reads "events written", an upper bound of events committed.
 */
import { AUDIT_ACTIONS } from "./actions.ts";
/** What a listener hears of each event written (a subset of the writer's AuditEntry). */
export interface AppendedEvent {
  action: string;
  status?: "success" | "denied" | "error" | undefined;
}

export type AuditAppendedListener = (entries: readonly AppendedEvent[]) => void;

const listeners = new Set<AuditAppendedListener>();

/** Adds a listener; returns the function that removes it. */
export function onAuditAppended(listener: AuditAppendedListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function notifyAuditAppended(entries: readonly AppendedEvent[]): void {
  for (const listener of listeners) {
    try {
      listener(entries);
    } catch {
      // a metrics listener never breaks the write that called it
    }
  }
}

/** The counter every process exports for its audit writes (name, help, labels), so the API and the worker define it alike. */
export const AUDIT_APPENDED_METRIC = {
  name: "atrium_audit_events_appended_total",
  help: "Audit events written by this process, by action domain (the action's first segment) and status",
  labelNames: ["domain", "status"] as const,
};

const AUDIT_DOMAINS: ReadonlySet<string> = new Set(Object.keys(AUDIT_ACTIONS).map((a) => a.split(".")[0]!));

/** Calls `count` with bounded labels (a catalog domain, else "other") for each event appended; returns the function that stops. */
export function countAuditAppends(count: (labels: { domain: string; status: string }) => void): () => void {
  return onAuditAppended((entries) => {
    for (const entry of entries) {
      const domain = entry.action.split(".")[0]!;
      count({ domain: AUDIT_DOMAINS.has(domain) ? domain : "other", status: entry.status ?? "success" });
    }
  });
}
