/**
 * The one headless Debian Chromium of a test run's browser project, started by
 * global setup; each browser test file connects to it (./browser.ts) instead of
 * launching its own, which saves a Chromium start per file. Files still get
 * their own browser contexts, so no cookie or storage crosses files. The flags
 * keep Chromium off the network (this machine has none) and let it run as root in CI.
 */
import { existsSync } from "node:fs";
import { chromium, type BrowserServer, type LaunchOptions } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_OPTIONS: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
  ],
};

export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Browser tests need Debian's Chromium at ${CHROMIUM_PATH}: apt-get install chromium`);
  }
}

/** Chromium listening on a loopback WebSocket for the run's browser test files. */
export async function startSharedBrowser(): Promise<BrowserServer> {
  assertChromium();
  return chromium.launchServer({ ...CHROMIUM_OPTIONS, host: "127.0.0.1" });
}
