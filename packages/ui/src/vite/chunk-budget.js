/* global Buffer */
/**
 * A build check for both SPAs: the build fails when any JavaScript chunk is
 * over the budget (500 kB minified by default). A page that pulls a heavy
 * library into the entry chunk, or a route that stops loading lazily, shows up
 * as a failed `npm run build` (and so a failed `npm test`), not as a slow
 * console in production.
 *
 * Plain JavaScript (typed by chunk-budget.d.ts) because Node loads Vite
 * configs and what they import without compiling TypeScript; the plugin is a
 * plain object, so packages/ui does not depend on Vite.
 */

export const CHUNK_BUDGET_BYTES = 500 * 1024;

/** The chunks over `limit` bytes, largest first: "assets/index-abc.js (1434 kB)". */
export function oversizedChunks(bundle, limit = CHUNK_BUDGET_BYTES) {
  return Object.entries(bundle)
    .flatMap(([name, output]) => (output.type === "chunk" ? [{ name, bytes: Buffer.byteLength(output.code) }] : []))
    .filter((chunk) => chunk.bytes > limit)
    .sort((a, b) => b.bytes - a.bytes)
    .map((chunk) => `${chunk.name} (${(chunk.bytes / 1024).toFixed(0)} kB)`);
}

/** The Vite plugin: errors out of the build with the oversized chunks' names. */
export function chunkBudget(limit = CHUNK_BUDGET_BYTES) {
  return {
    name: "atrium-chunk-budget",
    apply: "build",
    generateBundle(_options, bundle) {
      const over = oversizedChunks(bundle, limit);
      if (over.length) {
        this.error(`JavaScript chunks over ${(limit / 1024).toFixed(0)} kB: ${over.join(", ")}. Load the page lazily or split the library out.`);
      }
    },
  };
}

/**
 * Both SPAs' chunking: the libraries every page needs, each in a chunk of its own, so the
 * bundler's shared chunk (Mantine, tRPC, the kit) stays under the budget however the pages
 * divide it. zod (about 100 kB minified) is the largest that is not drawn on first paint.
 */
export const CODE_SPLITTING = { groups: [{ name: "zod", test: /node_modules[\\/]zod[\\/]/ }] };
