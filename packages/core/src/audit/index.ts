/**
 * `@atrium/core/audit`: the audit log: writing events in the caller's transaction, search, export, live tail, alerts, SIEM streams, compliance reports, retention and legal holds.
 * Exports only what other packages use; everything else stays inside core.
 */
export { deleteStream, deliverStreams, getStream, rotateStreamSecret, saveStream } from "./streaming.ts";
export { type AuditEntry, recordAudit, recordAuditBatch, recordAudits } from "./writer.ts";
export { auditExportEvent, exportInfo, listExports, readExport, requestExport, runExport } from "./exports.ts";
export { exportAudit } from "./export.ts";
export { complianceReport, type ComplianceReport, type ControlStatus } from "./compliance.ts";
export { auditEventsAfter, auditHead, stillAllowed } from "./tail.ts";
export { type AuditFilter, auditStats, searchAudit } from "./search.ts";
export { AUDIT_APPENDED_METRIC, countAuditAppends } from "./appended.ts";
export { verifyAuditChain } from "./verify.ts";
export { deliverAlertWebhooks, evaluateAlerts } from "./alert-engine.ts";
export { ALERT_PRESETS, createAlertRule, deleteAlertRule, listAlertFirings, listAlertRules, rotateAlertSecret, updateAlertRule } from "./alerts.ts";
export { AUDIT_ACTIONS } from "./actions.ts";
export { auditPurgePreview } from "./retention-preview.ts";
export { listHolds, listRetention, placeHold, purgeAuditEvents, purgeOperationalData, releaseHold, setRetention } from "./retention.ts";
export { dropExpiredPartitions } from "./partition-drop.ts";
