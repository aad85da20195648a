/**
 * The admin console's product grants: what can be granted (each product's
 * resource types and permissions, with what the admin holds), the
 * organization's grants on product resources (never another tenant's, never
 * a workspace grant), and revocation through workspaces.revokeGrant.
 */
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const lee = api.demo.users["lee.chen@acme.example"]!;
const owner = await api.signedIn("admin@acme.example");
const viewer = await api.signedIn("auditor@acme.example");
const globexOwner = await api.signedIn("it@globex.example");
const note = "6f1c1f52-2f4e-4c8e-9b1a-0d6a3c1e5b7a";

describe("productGrants", () => {
  it("catalog: the demo product's note type and its permissions, each marked held or not", async () => {
    expect(await owner.trpc.productGrants.catalog.query({ orgId: acme })).toEqual([
      {
        application: { slug: "demo-product", name: "Notes" },
        resourceTypes: [{ type: "demo-product/note", description: "A note" }],
        permissions: [
          { name: "demo-product/notes:read", description: "Read the organization's notes", category: "Notes", held: true },
          { name: "demo-product/notes:write", description: "Write and edit notes", category: "Notes", held: true },
          { name: "demo-product/notes:share", description: "Share notes outside the organization", category: "Sharing", held: true },
        ],
      },
    ]);
    expect(await callError(viewer.trpc.productGrants.catalog.query({ orgId: acme }))).toMatchObject({ status: 403 });
  });

  it("list: the organization's product grants only, with who holds them; revoked through workspaces.revokeGrant", async () => {
    expect(await owner.trpc.productGrants.list.query({ orgId: acme })).toEqual([]);
    const { id } = await owner.trpc.productGrants.create.mutate({ orgId: acme, resourceType: "demo-product/note", resourceId: note, subjectType: "user", subjectId: lee, permissions: ["demo-product/notes:share"] });
    const workspace = await owner.trpc.workspaces.create.mutate({ orgId: acme, name: "Plans", visibility: "private" });
    await owner.trpc.workspaces.grant.mutate({ orgId: acme, workspaceId: workspace.id, subjectType: "user", subjectId: lee, permissions: ["workspace_content:read"] });

    const rows = await owner.trpc.productGrants.list.query({ orgId: acme });
    expect(rows).toEqual([
      {
        id,
        resourceType: "demo-product/note",
        resourceId: note,
        subjectType: "user",
        subjectId: lee,
        subjectName: "Lee Chen",
        permissions: ["demo-product/notes:share"],
        expiresAt: null,
        createdAt: expect.any(Date),
      },
    ]);
    expect(await globexOwner.trpc.productGrants.list.query({ orgId: globex })).toEqual([]);
    expect(await callError(viewer.trpc.productGrants.list.query({ orgId: acme }))).toMatchObject({ status: 403 });

    await owner.trpc.workspaces.revokeGrant.mutate({ orgId: acme, grantId: id });
    expect(await owner.trpc.productGrants.list.query({ orgId: acme })).toEqual([]);
  });
});
