/** The demo product's settings: development defaults, refusals in words. */
import { describe, expect, it } from "vitest";
import { loadDemoEnv } from "./env.ts";

describe("loadDemoEnv", () => {
  it("defaults to the development setup npm start uses", () => {
    expect(loadDemoEnv({})).toEqual({ port: 3100, publicUrl: "http://localhost:3100", atriumUrl: "http://localhost:3000", clientId: "demo-product", secretKey: "atrium_sk_demo_product" });
  });

  it("follows its port and keeps a webhook secret when given", () => {
    expect(loadDemoEnv({ PRODUCT_DEMO_PORT: "3200", ATRIUM_URL: "https://atrium.example.com/", ATRIUM_WEBHOOK_SECRET: "whsec_abc" })).toEqual({
      port: 3200, publicUrl: "http://localhost:3200", atriumUrl: "https://atrium.example.com", clientId: "demo-product", secretKey: "atrium_sk_demo_product", webhookSecret: "whsec_abc",
    });
  });

  it("names the settings that are not valid, without zod's wording", () => {
    expect(() => loadDemoEnv({ PRODUCT_DEMO_PORT: "70000", ATRIUM_SECRET_KEY: "sk_live_x" })).toThrow("The demo product's settings are not valid: check PRODUCT_DEMO_PORT, ATRIUM_SECRET_KEY.");
  });

  it("refuses the development key in production", () => {
    expect(() => loadDemoEnv({ NODE_ENV: "production" })).toThrow(/set ATRIUM_SECRET_KEY/);
    expect(loadDemoEnv({ NODE_ENV: "production", ATRIUM_SECRET_KEY: "atrium_sk_live_123" }).secretKey).toBe("atrium_sk_live_123");
  });
});
