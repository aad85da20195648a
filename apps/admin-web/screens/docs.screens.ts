/**
 * Screenshots for docs/screens/, 1280×800: the Members table of Acme Corp and
 * the SSO setup wizard of one of its connections. Each file must stay under
 * 200 kB so the repository does not grow by megabytes a release.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { startTestApi } from "@atrium/api/testing";
import { waitForSettledPage } from "@atrium/testing/axe";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { createSamlConnection } from "../e2e/sso-fixture.ts";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;
const screens = fileURLToPath(new URL("../../../docs/screens/", import.meta.url));

async function adminPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await api.signInBrowser(context, "admin@acme.example");
  return context.newPage();
}

async function save(page: Page, name: string) {
  await waitForSettledPage(page);
  const png = await page.screenshot({ type: "png" });
  expect(png.length).toBeLessThan(200_000);
  await writeFile(`${screens}${name}.png`, png);
}

it("takes docs/screens/members.png", async () => {
  const page = await adminPage();
  await page.goto(`${api.url}/admin/orgs/${acme}/members`);
  await page.getByRole("table", { name: "Members" }).getByRole("row").nth(1).waitFor();
  await save(page, "members");
});

it("takes docs/screens/sso-wizard.png", async () => {
  const page = await adminPage();
  const connection = await createSamlConnection(api, acme, "admin@acme.example");
  await page.goto(`${api.url}/admin/orgs/${acme}/sso/${connection}`);
  await save(page, "sso-wizard");
});
