import { describe, expect, it } from "vitest";
import { allFeatures, featureState, quotaState } from "./plans.ts";

describe("plan features", () => {
  it("include a feature from its plan upwards and name the plan that would include it", () => {
    expect(featureState("team", "sso")).toMatchObject({ enabled: false, includedFrom: "business", reason: "requires the Business plan" });
    expect(featureState("business", "sso")).toMatchObject({ enabled: true, reason: "included in Business" });
    expect(allFeatures("enterprise").every((f) => f.enabled)).toBe(true);
  });

  it("apply an override until it expires", () => {
    const now = new Date("2026-11-21T00:00:00Z");
    const trial = [{ feature: "sso" as const, enabled: true, expiresAt: new Date("2026-12-01T00:00:00Z") }];
    expect(featureState("team", "sso", trial, now)).toMatchObject({ enabled: true, reason: "enabled by override until 2026-12-01" });
    expect(featureState("team", "sso", trial, new Date("2026-12-02T00:00:00Z")).enabled).toBe(false);
  });
});

describe("analytics gates", () => {
  it("include basic analytics from Team, live updates and saved layouts only in Enterprise", () => {
    expect(featureState("free", "analytics")).toMatchObject({ enabled: false, reason: "requires the Team plan" });
    expect(featureState("team", "analytics").enabled).toBe(true);
    for (const feature of ["analytics_live", "advanced_analytics"] as const) {
      expect(featureState("business", feature)).toMatchObject({ enabled: false, reason: "requires the Enterprise plan" });
      expect(featureState("enterprise", feature).enabled).toBe(true);
    }
  });
});

describe("quotas", () => {
  it("warn at 80 % and are full at the hard limit; enterprise is unlimited", () => {
    expect(quotaState("team", "members", 39)).toMatchObject({ limit: 50, softLimit: 40, status: "ok" });
    expect(quotaState("team", "members", 40).status).toBe("warn");
    expect(quotaState("team", "members", 50).status).toBe("full");
    expect(quotaState("free", "api_keys", 0).status).toBe("full");
    expect(quotaState("enterprise", "members", 100_000)).toMatchObject({ limit: null, status: "ok" });
  });
});
