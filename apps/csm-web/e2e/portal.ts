import type { TestApi } from "@atrium/api/testing";
import type { Page } from "playwright-core";

/** Signs `email` in by cookie and opens the portal, which lands on the portfolio. */
export async function signInToPortal(api: TestApi, page: Page, email: string): Promise<void> {
  await api.signInBrowser(page.context(), email);
  await page.goto(`${api.url}/csm/`);
  await page.waitForURL(/\/csm\/portfolio/);
}
