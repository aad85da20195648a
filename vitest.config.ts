import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * One Vitest run for the whole repository: a project per package, all sharing
 * one PostgreSQL server and migrated template (packages/testing/src/global-setup.ts).
 * Browser tests (`e2e/`) drive Debian's Chromium (one shared by the run).
 */
const unit = (name: string, dir: string) => ({
  extends: true as const,
  test: { name, include: [`${dir}/src/**/*.test.ts`, `${dir}/test/**/*.test.ts`] },
});

/**
 * Workspace packages that publish a build (@atrium/sdk) resolve to their
 * TypeScript source in tests through the `atrium-source` export condition
 * (Vite's default server conditions, plus that one).
 */
const serverConditions = ["module", "node", "development|production", "atrium-source"];

/**
 * Vitest's default is one worker fewer than the cores: one at a time on a
 * 2-core machine. Test files spend most of their time waiting on PostgreSQL,
 * so two at once is faster there (the core project on 2 cores, both runs at a
 * load average of 10-13: 327 s with one worker, 206 s with two); bigger
 * machines keep the default.
 */
const maxWorkers = Math.max(2, availableParallelism() - 1);

/**
 * Files share their worker's module cache (`isolate: false`). With isolation
 * each file started a fresh process and imported Fastify, Prisma's client,
 * oidc-provider and the whole API again: that import was most of the run
 * (2-core machine under load: 1,835 s of import for 205 files; the suite
 * without the browser files went from about 1,400 s to 590 s, the browser
 * files from 1,117 s one at a time to 476 s two at a time). A test file
 * therefore leaves no process state behind: servers, pools, timers and env
 * changes are undone in its `afterAll` (startTestApi, createDemoTestDatabase
 * and launchBrowser do this for the files that use them), and each file has
 * its own database.
 */
const isolate = false;

export default defineConfig({
  ssr: { resolve: { conditions: serverConditions } },
  test: {
    globalSetup: ["./packages/testing/src/global-setup.ts"],
    maxWorkers,
    isolate,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      unit("rbac", "packages/rbac"),
      unit("ui", "packages/ui"),
      unit("format", "packages/format"),
      unit("sdk", "packages/sdk"),
      unit("license", "packages/license"),
      unit("db", "packages/db"),
      unit("core", "packages/core"),
      unit("api", "apps/api"),
      unit("worker", "apps/worker"),
      unit("bench", "bench"),
      unit("product-demo", "examples/product-demo"),
      {
        extends: true,
        test: { name: "start", include: ["scripts/*.test.ts"], testTimeout: 180_000 },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["apps/*-web/e2e/**/*.test.ts", "examples/*/e2e/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
