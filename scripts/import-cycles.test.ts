/**
 * No import cycles in packages/ and apps/: the same check as
 * `npx madge --circular --extensions ts,tsx --exclude '(/generated/|/dist/)' packages apps`,
 * type-only imports included. A cycle is broken by moving what both sides
 * need into a module of its own (sso/connection-record.ts, sso/login-error.ts,
 * db's client-types.ts, worker's boss-schema.ts are examples).
 * The SPAs' pages read their route with `getRouteApi("/path")` instead of
 * importing the route object from routes/router.tsx, so the router imports
 * pages and no page imports the router.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

interface MadgeResult {
  circular(): string[][];
}
type Madge = (paths: string[], config: { baseDir: string; fileExtensions: string[]; excludeRegExp: RegExp[] }) => Promise<MadgeResult>;
const madge = createRequire(import.meta.url)("madge") as Madge;

const REPO = fileURLToPath(new URL("..", import.meta.url));
// Generated code, builds and the declarations `tsc -b` writes to .tsbuild/ (not sources: walking them doubled the files read).
const EXCLUDE = [/(^|\/)generated\//, /(^|\/)dist\//, /(^|\/)\.tsbuild\//, /(^|\/)node_modules\//];

async function cycles(baseDir: string, paths: string[]): Promise<string[][]> {
  const result = await madge(
    paths.map((path) => join(baseDir, path)),
    { baseDir, fileExtensions: ["ts", "tsx"], excludeRegExp: EXCLUDE },
  );
  return result.circular();
}

describe("import cycles", () => {
  it("finds none in packages and apps", async () => {
    const found = await cycles(REPO, ["packages", "apps"]);
    expect(found.map((cycle) => cycle.join(" > "))).toEqual([]);
  });

  it("reports a cycle made of .ts imports, type-only ones included", async () => {
    const dir = await mkdtemp(join(tmpdir(), "atrium-cycles-"));
    try {
      await writeFile(join(dir, "a.ts"), 'import { b } from "./b.ts";\nexport const a = () => b;\n');
      await writeFile(join(dir, "b.ts"), 'import type { C } from "./c.ts";\nexport const b: C = 1;\n');
      await writeFile(join(dir, "c.ts"), 'import { a } from "./a.ts";\nexport type C = number;\nexport const c = a;\n');
      expect(await cycles(dir, ["."])).toEqual([["a.ts", "b.ts", "c.ts"]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
