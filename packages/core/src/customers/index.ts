/**
 * `@atrium/core/customers`: the staff's list of enterprise customers.
 * Exports only what other packages use; everything else stays inside core.
 */
export { listCustomers } from "./service.ts";
