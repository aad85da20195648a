/**
 * No import cycles in packages/ and apps/ (`importCycles`, ./import-cycles.ts: TypeScript's own
 * module resolution, type-only imports included, workspace imports followed to their sources).
 * A cycle is broken by moving what both sides need into a module of its own
 * (sso/connection-record.ts, sso/login-error.ts, db's client-types.ts, worker's boss-schema.ts
 * are examples). The SPAs' pages read their route with `getRouteApi("/path")` instead of
 * importing the route object from routes/router.tsx, so the router imports pages and no page
 * imports the router.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importCycles } from "./import-cycles.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));

async function inTempDir(files: Record<string, string>, check: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "atrium-cycles-"));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, path, ".."), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    await check(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("import cycles", () => {
  it("finds none in packages and apps", () => {
    const found = importCycles(REPO, ["packages", "apps"], join(REPO, "tsconfig.base.json"));
    expect(found.map((cycle) => cycle.join(" > "))).toEqual([]);
  });

  it("reports a cycle made of .ts imports, type-only ones included", async () => {
    await inTempDir(
      {
        "a.ts": 'import { b } from "./b.ts";\nexport const a = () => b;\n',
        "b.ts": 'import type { C } from "./c.ts";\nexport const b: C = 1;\n',
        "c.ts": 'import { a } from "./a.ts";\nexport type C = number;\nexport const c = a;\n',
        "d.ts": 'import { a } from "./a.ts";\nexport const d = a;\n',
      },
      (dir) => expect(importCycles(dir, ["."])).toEqual([["a.ts", "b.ts", "c.ts"]]),
    );
  });

  it("follows a workspace package's exports to its source, and a dynamic import()", async () => {
    await inTempDir(
      {
        "p/package.json": JSON.stringify({ name: "@x/p", type: "module", exports: { "./thing": "./src/thing.ts" } }),
        "p/src/thing.ts": 'export const load = () => import("@x/q");\n',
        "q/package.json": JSON.stringify({ name: "@x/q", type: "module", exports: { ".": "./src/index.ts" } }),
        "q/src/index.ts": 'export { load } from "@x/p/thing";\n',
      },
      async (dir) => {
        await mkdir(join(dir, "node_modules/@x"), { recursive: true });
        await symlink(join(dir, "p"), join(dir, "node_modules/@x/p"));
        await symlink(join(dir, "q"), join(dir, "node_modules/@x/q"));
        expect(importCycles(dir, ["p", "q"])).toEqual([["p/src/thing.ts", "q/src/index.ts"]]);
      },
    );
  });
});
