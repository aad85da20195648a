/**
 * `@atrium/core/renewals`: the renewals pipeline and its 90/60/30-day reminders.
 * Exports only what other packages use; everything else stays inside core.
 */
export { renewalPipeline, sendRenewalReminders } from "./service.ts";
