import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startTestApi } from "@atrium/api/testing";
import { deliverDueWebhooks, emitEvent } from "@atrium/core/events";
import { launchBrowser } from "@atrium/testing/browser";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { signInToPortal } from "./portal.ts";

const api = await startTestApi();
const browser = await launchBrowser();
const received: string[] = [];
const receiver = createServer((req, res) => {
  received.push(String(req.headers["webhook-id"]));
  req.resume();
  req.on("end", () => res.writeHead(200).end("thanks"));
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/atrium-events`;

const signIn = (page: Page, email: string) => signInToPortal(api, page, email);

describe("webhooks in the CSM portal", () => {
  it("a super admin adds an endpoint (secret shown), reads the delivery log and replays a delivery; a CSM only reads", async () => {
    const page = await browser.newPage();
    await signIn(page, "root@atrium.example");
    await page.goto(`${api.url}/csm/applications/${api.demo.applications["demo-product"]}`);
    await page.getByRole("heading", { name: "Notes" }).waitFor();

    await page.getByRole("region", { name: "Webhooks" }).getByRole("button", { name: "Add endpoint" }).click();
    const form = page.getByRole("dialog", { name: "Add a webhook endpoint" });
    await form.getByLabel(/^URL/).fill(url);
    await form.getByLabel(/^Description/).fill("Notes back end");
    await form.getByRole("button", { name: "Add endpoint" }).click();
    const secretDialog = page.getByRole("dialog", { name: "Signing secret of the new endpoint" });
    const secret = await secretDialog.getByRole("textbox", { name: "Secret" }).inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    await secretDialog.getByRole("button", { name: "I have stored the secret" }).click();
    await secretDialog.waitFor({ state: "detached" });
    const endpoints = page.getByRole("table", { name: "Webhook endpoints" });
    await endpoints.getByText(url).waitFor();
    await endpoints.getByText("Enabled").waitFor();
    expect(await page.content()).not.toContain(secret);

    const eventId = await api.db.$transaction((tx) => emitEvent(tx, api.demo.organizations["acme"]!, "organization.archived", {}));
    await deliverDueWebhooks(api.db);
    expect(received).toEqual([eventId]);

    await endpoints.getByRole("button", { name: `Deliveries to ${url}` }).click();
    const log = page.getByRole("table", { name: "Delivery log" });
    await log.getByText(eventId).waitFor();
    await log.getByText("succeeded").waitFor();
    await log.getByRole("button", { name: `Replay ${eventId}` }).click();
    await page.getByText("The delivery was queued again.").waitFor();
    await deliverDueWebhooks(api.db);
    expect(received).toEqual([eventId, eventId]);
    await page.reload();
    await page.getByRole("table", { name: "Webhook endpoints" }).getByRole("button", { name: `Deliveries to ${url}` }).click();
    await page.getByRole("table", { name: "Delivery log" }).getByRole("button", { name: "Attempts" }).click();
    const attempts = page.getByRole("table", { name: `Attempts of ${eventId}` });
    expect(await attempts.getByRole("row").count()).toBe(3); // a header and two attempts
    await attempts.getByText("thanks").first().waitFor();
    await page.close();

    const csm = await browser.newPage();
    await signIn(csm, "csm@atrium.example");
    await csm.goto(`${api.url}/csm/applications/${api.demo.applications["demo-product"]}`);
    await csm.getByRole("table", { name: "Webhook endpoints" }).getByText(url).waitFor();
    expect(await csm.getByRole("button", { name: /Add endpoint|Edit|Disable|Rotate|Reveal/ }).count()).toBe(0);
    await csm.getByRole("button", { name: `Deliveries to ${url}` }).click();
    await csm.getByRole("table", { name: "Delivery log" }).getByText(eventId).waitFor();
    expect(await csm.getByRole("button", { name: /^Replay/ }).count()).toBe(0);
    await csm.close();
  });
});
