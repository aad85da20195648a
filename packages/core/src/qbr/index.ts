/**
 * `@atrium/core/qbr`: quarterly business reviews: generation, figures, PDF and calendar exports.
 * Exports only what other packages use; everything else stays inside core.
 */
export { generateQbr, generateQuarterQbrs, getQbr, listQbrs, previousQuarter, type QbrContent, quarterOf, runFigure, scheduleQbr } from "./service.ts";
export { qbrIcs } from "./ics.ts";
export { qbrPdf } from "./pdf.ts";
export { FIGURES } from "./figures.ts";
