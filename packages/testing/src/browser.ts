/**
 * Headless Debian Chromium driven by playwright-core, for the SPAs' browser
 * tests. A file connects to the run's one Chromium (started by the browser
 * project's global setup, ./browser-server.ts), or launches its own when the
 * run provides none. Pages fail their test file when the SPA's
 * Content-Security-Policy blocks anything.
 */
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { chromium, type Browser, type BrowserContext, type Download, type Page } from "playwright-core";
import { afterAll, inject } from "vitest";
import { assertChromium, CHROMIUM_OPTIONS } from "./browser-server.ts";

export { CHROMIUM_PATH } from "./browser-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's shared Chromium, provided to the browser project only. */
    atriumBrowser?: { wsEndpoint: string };
  }
}

/**
 * A browser for the calling test file; closing it (after the file's tests)
 * closes every context the file opened, and only those.
 */
export async function launchBrowser(): Promise<Browser> {
  const shared = inject("atriumBrowser");
  const browser = shared ? await chromium.connect(shared.wsEndpoint) : await launchOwn();
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

/**
 * The bytes of a finished download. A browser connected to the run's Chromium
 * has no local file behind `download.path()` (Playwright refuses it for remote
 * browsers), so this reads the download's stream.
 */
export async function downloadedBytes(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function launchOwn(): Promise<Browser> {
  assertChromium();
  return chromium.launch(CHROMIUM_OPTIONS);
}

/**
 * Fills a console's sign-in form (the kit's LoginForm, on the page now) and submits it: for the
 * tests of the form itself and of what only it does (the sign-in audit event, MFA, a protected
 * page's return after sign-in). Other tests sign in by cookie (`api.signInBrowser`).
 */
export async function submitSignInForm(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel(/^Password\s*\*?$/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
