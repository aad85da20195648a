/**
 * A person-readable name for an audit action, for feeds and timelines
 * ("A member's role changed" rather than `membership.role_change`). The one
 * source is the catalog in actions.ts: the label is the description's main
 * clause, without its parenthesised or after-colon detail. An action outside
 * the catalog (a product's own, ingested through /v1) is spelled out from its code.
 */
import { AUDIT_ACTIONS } from "./actions.ts";

export function auditActionLabel(action: string): string {
  const description = (AUDIT_ACTIONS as Record<string, string>)[action];
  if (description) return description.split(/ \(|: | — |; /)[0]!.trim();
  const spelled = action.replace(/[._]+/g, " ").trim();
  return spelled.charAt(0).toUpperCase() + spelled.slice(1);
}
