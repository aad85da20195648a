/**
 * The organization's audit log and what hangs off it (`audit.*`), one piece a file:
 *   events     search, stats, chain verification and exports of the log (audit:read, audit:verify, audit:export)
 *   alerts     alert rules on the log and their firings (audit:manage_alerts)
 *   streams    the SIEM stream (Splunk HEC, Datadog, generic) and its secret (audit:manage_streaming)
 *   reports    SOC 2 / HIPAA / GDPR evidence reports (audit:read_reports)
 *   retention  retention policies and legal holds (retention:*)
 * Procedure paths are addresses, not data: the actions these write to the log
 * (`audit.export`, `retention.update`, …) are named in @atrium/core/audit and do not
 * follow the paths.
 */
import { router } from "../../trpc/init.ts";
import { alertsRouter } from "./alerts.ts";
import { eventsRouter } from "./events.ts";
import { reportsRouter } from "./reports.ts";
import { retentionRouter } from "./retention.ts";
import { streamsRouter } from "./streams.ts";

export const auditRouter = router({
  events: eventsRouter,
  alerts: alertsRouter,
  streams: streamsRouter,
  reports: reportsRouter,
  retention: retentionRouter,
});
