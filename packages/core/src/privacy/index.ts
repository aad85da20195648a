/**
 * `@atrium/core/privacy`: personal-data export and erasure (GDPR).
 * Exports only what other packages use; everything else stays inside core.
 */
export { erasePersonalData, exportPersonalData, pseudonymFor } from "./service.ts";
