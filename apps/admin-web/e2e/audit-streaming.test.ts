import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi } from "@atrium/api/testing";
import { deliverStreams } from "@atrium/core/audit";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { launchBrowser } from "@atrium/testing/browser";
import { afterAll, describe, expect, it } from "vitest";

const api = await startTestApi();
const browser = await launchBrowser();
const acme = api.demo.organizations["acme"]!;
const siem = createServer((_req, res) => res.writeHead(503, "Maintenance").end());
await new Promise<void>((resolve) => siem.listen(0, "127.0.0.1", resolve));
afterAll(() => new Promise((resolve) => siem.close(resolve)));

describe("log streaming in Chromium", () => {
  it("saves a Splunk destination and shows a failing delivery with its error", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${api.url}/admin/orgs/${acme}/log-streaming`);
    await page.waitForURL(/\/admin\/login/);
    await page.getByLabel("Work e-mail").fill("admin@acme.example");
    await page.getByLabel(/^Password\s*\*?$/).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(new RegExp(`/admin/orgs/${acme}/log-streaming`));

    const form = page.getByRole("region", { name: "Destination" });
    // Bad input first: each field says what is wrong with it.
    const url = form.getByRole("textbox", { name: /^URL/ });
    await url.fill("splunk.example.com");
    await form.getByLabel(/^HEC token/).fill("short");
    await form.getByRole("textbox", { name: /^Events per request/ }).fill("9000");
    await form.getByRole("button", { name: "Save destination" }).click();
    await form.getByText("Enter a full address starting with https://.").waitFor();
    await form.getByText("The HEC token has at least 8 characters.").waitFor();
    await form.getByText("Send from 1 to 5,000 events per request.").waitFor();
    expect(await url.getAttribute("aria-invalid")).toBe("true");
    expect(await api.db.auditStreamDestination.count({ where: { organizationId: acme } })).toBe(0);
    await form.getByRole("textbox", { name: /^Events per request/ }).fill("500");
    await url.fill(`http://127.0.0.1:${(siem.address() as { port: number }).port}/services/collector/event`);
    await form.getByLabel(/^HEC token/).fill("hec-token-0001");
    await form.getByRole("checkbox", { name: "Also send the events already in the log" }).check();
    await form.getByRole("button", { name: "Save destination" }).click();
    const status = page.getByRole("region", { name: "Delivery status" });
    await status.getByText("Healthy").waitFor();

    await deliverStreams(api.db, { organizationId: acme });
    await status.getByText("Failing", { exact: true }).waitFor();
    await status.getByRole("table", { name: "Recent delivery failures" }).getByText("HTTP 503 Maintenance").waitFor();
    await page.screenshot({ path: join(tmpdir(), "atrium-log-streaming.png"), fullPage: true });
    await context.close();
  });
});
