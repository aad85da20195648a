import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * `npm run screens -w @atrium/admin-web`: the documentation's screenshots,
 * taken in the run's shared Chromium over a seeded test API, like the browser
 * tests (the project is named "e2e" so the global setup starts Chromium).
 * Not part of `npm test`: it writes into docs/screens/.
 */
const root = fileURLToPath(new URL("../../..", import.meta.url));

export default defineConfig({
  root,
  ssr: { resolve: { conditions: ["module", "node", "development|production", "atrium-source"] } },
  test: {
    name: "e2e",
    globalSetup: ["./packages/testing/src/global-setup.ts"],
    include: ["apps/admin-web/screens/*.screens.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
