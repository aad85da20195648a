import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");

describe("IP allowlist", () => {
  it("refuses a list that would lock the admin out unless confirmed", async () => {
    const error = await callError(owner.trpc.settings.updateIpAllowlist.mutate({ orgId: acme, entries: [{ cidr: "203.0.113.0/24", description: "Office" }] }));
    expect(error.status).toBe(409);
    expect(error.message).toContain("would lock you out");
    expect(await api.db.ipAllowlistEntry.count({ where: { organizationId: acme } })).toBe(0);
  });

  it("normalizes ranges and keeps the admin in when their address is listed", async () => {
    await owner.trpc.settings.updateIpAllowlist.mutate({
      orgId: acme,
      entries: [{ cidr: "127.0.0.1", description: "This machine" }, { cidr: "2001:db8::1/32", description: "VPN" }],
    });
    const { entries } = await owner.trpc.settings.ipAllowlist.query({ orgId: acme });
    expect(entries.map((e) => e.cidr)).toEqual(["127.0.0.1/32", "2001:db8::/32"]);
  });

  it("blocks requests from outside the list with 403, audited, once confirmed", async () => {
    await owner.trpc.settings.updateIpAllowlist.mutate({ orgId: acme, entries: [{ cidr: "198.51.100.0/24", description: "" }], confirmLockout: true });
    const error = await callError(owner.trpc.org.get.query({ orgId: acme }));
    expect([error.status, error.message]).toEqual([403, "Your network is not on this organization's IP allowlist."]);
    const denied = await api.db.auditEvent.findFirst({ where: { organizationId: acme, action: "access.denied", resourceType: "ip_allowlist" }, select: { details: true } });
    expect(denied?.details).toMatchObject({ reason: "IP 127.0.0.1 is not in the organization's IP allowlist" });
    const other = await api.signedIn("lee.chen@acme.example");
    expect((await callError(other.trpc.members.list.query({ orgId: acme }))).status).toBe(403);
  });

  it("rejects what is not an address", async () => {
    await api.db.ipAllowlistEntry.deleteMany({ where: { organizationId: acme } });
    const error = await callError(owner.trpc.settings.updateIpAllowlist.mutate({ orgId: acme, entries: [{ cidr: "10.0.0.0/33", description: "" }] }));
    expect([error.status, error.message]).toEqual([400, '"10.0.0.0/33" is not an IP address or CIDR range.']);
  });
});
