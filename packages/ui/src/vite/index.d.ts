/** Types of index.js (see there). */
export * from "./chunk-budget.js";
export * from "./spa-html.js";
