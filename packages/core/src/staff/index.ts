/**
 * `@atrium/core/staff`: platform staff and the customers they may see.
 * Exports only what other packages use; everything else stays inside core.
 */
export { assertStaffCan, loadStaff, type Staff, visibleCustomer } from "./access.ts";
export { assignCustomer } from "./assignments.ts";
export { recordSlaMonth } from "./sla.ts";
