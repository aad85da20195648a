/** Types of chunk-budget.js (see there). */

export declare const CHUNK_BUDGET_BYTES: number;

/** What the check reads of Rollup/Rolldown's output bundle. */
export type OutputBundle = Record<string, { type: "chunk"; code: string } | { type: "asset" }>;

export declare function oversizedChunks(bundle: OutputBundle, limit?: number): string[];

export declare function chunkBudget(limit?: number): {
  name: string;
  apply: "build";
  generateBundle(this: { error(message: string): never }, options: unknown, bundle: OutputBundle): void;
};

export declare const CODE_SPLITTING: { groups: { name: string; test: RegExp }[] };
