export { citusPlan, classificationGaps, readCatalog, type CitusPlan } from "./plan.ts";
export { CITUS_STAND_IN } from "./stand-in.ts";
export { DISTRIBUTION_COLUMN, PLATFORM_ROOT, TABLES, type TableClass } from "./tables.ts";
