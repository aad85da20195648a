import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi } from "@atrium/api/testing";
import { launchBrowser, submitSignInForm } from "@atrium/testing/browser";
import { describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");

describe("live audit tail in Chromium", () => {
  it("shows an event written after the switch is turned on", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${api.url}/admin/orgs/${acme}/audit`);
    await page.waitForURL(/\/admin\/login/);
    await submitSignInForm(page, "admin@acme.example");
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}/audit`));

    const live = page.getByRole("region", { name: "Live tail" });
    await live.getByRole("switch", { name: "Show events as they happen" }).check();
    await live.getByRole("status").filter({ hasText: "Live" }).waitFor();
    await live.getByText("Waiting for new events matching these filters…").waitFor();

    await owner.trpc.org.rename.mutate({ orgId: acme, name: "Acme Live Corp" });
    const row = live.getByRole("table", { name: "Live events" }).getByRole("row").filter({ hasText: "org.update" });
    await row.waitFor();
    expect(await live.getByRole("table", { name: "Live events" }).locator("tbody tr").count()).toBe(1);
    await live.getByText("1 new event", { exact: true }).waitFor();
    await page.screenshot({ path: join(tmpdir(), "atrium-audit-live-tail.png"), fullPage: true });
    await context.close();
  });
});
