/** What both SPAs' Vite configs use from the kit: the chunk budget and chunking, and the page shell. */
export { chunkBudget, CHUNK_BUDGET_BYTES, CODE_SPLITTING, oversizedChunks } from "./chunk-budget.js";
export { spaHtml, spaShell } from "./spa-html.js";
