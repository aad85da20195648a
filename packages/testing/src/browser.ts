/**
 * Headless Debian Chromium driven by playwright-core, for the SPAs' browser
 * tests. The flags keep Chromium off the network (this machine has none) and
 * let it run as root in CI. Pages fail their test file when the SPA's
 * Content-Security-Policy blocks anything.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll } from "vitest";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Browser tests need Debian's Chromium at ${CHROMIUM_PATH}: apt-get install chromium`);
  }
  const browser = await chromium.launch({
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
  });
  // Every page reports Content-Security-Policy violations; a file whose pages hit any fails.
  const violations: string[] = [];
  const watch = async <T extends BrowserContext | Page>(target: T): Promise<T> => {
    // Runs in the page (a string, so this Node package needs no DOM types).
    await target.addInitScript(`document.addEventListener("securitypolicyviolation", (e) =>
      console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline code")))`);
    (target as BrowserContext).on("console", (message) => {
      if (message.text().startsWith("CSP violation:")) violations.push(`${message.page()?.url() ?? ""}: ${message.text()}`);
    });
    return target;
  };
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = async (options) => watch(await newContext(options));
  browser.newPage = async (options) => watch(await newPage(options));
  afterAll(async () => {
    await browser.close();
    if (violations.length) throw new Error(`Content-Security-Policy violations:\n${violations.join("\n")}`);
  });
  return browser;
}
