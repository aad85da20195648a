import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * One Vitest run for the whole repository: a project per package, all sharing
 * one PostgreSQL server and migrated template (packages/testing/src/global-setup.ts).
 * Browser tests (`e2e/`) drive Debian's Chromium and run one file at a time.
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

export default defineConfig({
  ssr: { resolve: { conditions: serverConditions } },
  test: {
    globalSetup: ["./packages/testing/src/global-setup.ts"],
    maxWorkers,
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
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
