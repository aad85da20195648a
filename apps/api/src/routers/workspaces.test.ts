import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");
const member = await api.signedIn("lee.chen@acme.example");
const lee = api.demo.users["lee.chen@acme.example"]!;

describe("workspaces and resource grants", () => {
  it("keeps a private workspace from members until a grant to their group lets them in", async () => {
    const { id } = await owner.trpc.workspaces.create.mutate({ orgId: acme, name: "M&A", visibility: "private" });
    expect((await member.trpc.workspaces.list.query({ orgId: acme })).map((w) => w.name)).not.toContain("M&A");
    const refused = await callError(member.trpc.workspaces.open.query({ orgId: acme, workspaceId: id }));
    expect(refused.status).toBe(403);

    const group = await owner.trpc.groups.create.mutate({ orgId: acme, name: "Deal team", memberIds: [lee] });
    await owner.trpc.workspaces.grant.mutate({ orgId: acme, workspaceId: id, subjectType: "group", subjectId: group.id, permissions: ["workspace_content:read"] });
    const opened = await member.trpc.workspaces.open.query({ orgId: acme, workspaceId: id });
    expect(opened).toMatchObject({ name: "M&A", canUpdate: false });
    expect(opened.reason).toMatch(/^grant .+ to group .+ gives workspace_content:read on workspace /);
  });

  it("stops honouring a grant when it expires and when it is revoked", async () => {
    const { id } = await owner.trpc.workspaces.create.mutate({ orgId: acme, name: "Board", visibility: "private" });
    const { id: grantId } = await owner.trpc.workspaces.grant.mutate({
      orgId: acme,
      workspaceId: id,
      subjectType: "user",
      subjectId: lee,
      permissions: ["workspace_content:read"],
      expiresAt: new Date(Date.now() + 3600_000),
    });
    expect((await member.trpc.workspaces.open.query({ orgId: acme, workspaceId: id })).name).toBe("Board");
    await api.db.resourceGrant.update({ where: { id: grantId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callError(member.trpc.workspaces.open.query({ orgId: acme, workspaceId: id }))).status).toBe(403);
    await owner.trpc.workspaces.revokeGrant.mutate({ orgId: acme, grantId });
    expect(await api.db.resourceGrant.count({ where: { id: grantId } })).toBe(0);
  });

  it("refuses to grant outside workspace content or to someone outside the organization", async () => {
    const { id } = await owner.trpc.workspaces.create.mutate({ orgId: acme, name: "Ops", visibility: "organization" });
    expect((await callError(owner.trpc.workspaces.grant.mutate({ orgId: acme, workspaceId: id, subjectType: "user", subjectId: lee, permissions: ["billing:cancel"] }))).status).toBe(400);
    const outsider = api.demo.users["it@globex.example"]!;
    expect((await callError(owner.trpc.workspaces.grant.mutate({ orgId: acme, workspaceId: id, subjectType: "user", subjectId: outsider, permissions: ["workspace_content:read"] }))).status).toBe(404);
  });

  it("answers NOT_FOUND for another tenant's workspace id", async () => {
    const globexOwner = await api.signedIn("it@globex.example");
    const globex = api.demo.organizations["globex"]!;
    const { id } = await globexOwner.trpc.workspaces.create.mutate({ orgId: globex, name: "Secret", visibility: "organization" });
    expect((await callError(owner.trpc.workspaces.open.query({ orgId: acme, workspaceId: id }))).status).toBe(404);
  });
});
