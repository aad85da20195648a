import { describe, expect, it } from "vitest";
import { validateSessionToken } from "../auth/sessions.ts";
import { changerFor } from "../testing.ts";
import {
  acceptInvitation,
  acceptInvitationAsNewUser,
  declineInvitation,
  inviteMember,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
} from "./service.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const acme = demo.organizations["acme"]!;
const links = { publicUrl: "https://atrium.test" };
const meta = { ip: "192.0.2.50" };

/** The token from the newest invitation e-mail to an address (as the recipient would click it). */
async function tokenMailedTo(email: string): Promise<string> {
  const mail = await db.emailOutbox.findFirstOrThrow({ where: { toAddress: email }, orderBy: { createdAt: "desc" }, select: { textBody: true } });
  return /\/admin\/invitations\/([a-z2-7]+)/.exec(mail.textBody)![1]!;
}

describe("invitations", () => {
  it("queues an e-mail with the link and stores only the token's hash", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    const { id } = await inviteMember(db, owner, links, { email: "New.Hire@Acme.example", roleKey: "member" });
    const token = await tokenMailedTo("new.hire@acme.example");
    const stored = await db.invitation.findUniqueOrThrow({ where: { id }, select: { tokenHash: true, email: true } });
    expect(stored.email).toBe("new.hire@acme.example");
    expect(stored.tokenHash).not.toContain(token);
    const mail = await db.emailOutbox.findFirstOrThrow({ where: { toAddress: "new.hire@acme.example" }, select: { subject: true, htmlBody: true } });
    expect(mail.subject).toBe("Join Acme Corp on Atrium");
    expect(mail.htmlBody).toContain(`https://atrium.test/admin/invitations/${token}`);
    expect(await previewInvitation(db, token)).toMatchObject({ organizationName: "Acme Corp", email: "new.hire@acme.example", accountExists: false });
  });

  it("lets the invitee create an account, joins them with the role and signs them in", async () => {
    const token = await tokenMailedTo("new.hire@acme.example");
    const result = await acceptInvitationAsNewUser(db, { token, name: "New Hire", password: "correct horse battery" }, meta);
    expect(result.organizationId).toBe(acme);
    expect((await validateSessionToken(db, result.token))?.user.email).toBe("new.hire@acme.example");
    const membership = await db.membership.findFirst({ where: { organizationId: acme, user: { email: "new.hire@acme.example" } }, select: { role: true } });
    expect(membership).toEqual({ role: "member" });
    await expect(previewInvitation(db, token)).rejects.toMatchObject({ code: "CONFLICT", userMessage: "This invitation was already accepted." });
  });

  it("refuses a second invitation to a member or to an address already invited", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    await expect(inviteMember(db, owner, links, { email: "lee.chen@acme.example", roleKey: "viewer" })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: "lee.chen@acme.example is already a member.",
    });
    await inviteMember(db, owner, links, { email: "twice@acme.example", roleKey: "viewer" });
    await expect(inviteMember(db, owner, links, { email: "twice@acme.example", roleKey: "viewer" })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: "twice@acme.example already has a pending invitation; resend it instead.",
    });
  });

  it("invalidates the old link when an invitation is resent, and refuses a revoked one", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    const { id } = await inviteMember(db, owner, links, { email: "resend@acme.example", roleKey: "viewer" });
    const first = await tokenMailedTo("resend@acme.example");
    await resendInvitation(db, owner, links, id);
    const second = await tokenMailedTo("resend@acme.example");
    expect(second).not.toBe(first);
    await expect(previewInvitation(db, first)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await revokeInvitation(db, owner, id);
    await expect(previewInvitation(db, second)).rejects.toMatchObject({ code: "CONFLICT", userMessage: "This invitation was already revoked." });
  });

  it("accepts only for the invited address when signed in, and records a decline", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    await inviteMember(db, owner, links, { email: "it@globex.example", roleKey: "viewer" });
    const token = await tokenMailedTo("it@globex.example");
    const someoneElse = { id: demo.users["karl.berg@globex.example"]!, email: "karl.berg@globex.example", name: "Karl", platformRole: null };
    await expect(acceptInvitation(db, someoneElse, token, meta)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await declineInvitation(db, token, meta);
    expect(await db.auditEvent.count({ where: { organizationId: acme, action: "invitation.decline" } })).toBe(1);
  });

  it("refuses an expired invitation", async () => {
    const owner = await changerFor(db, "admin@acme.example", acme);
    const { id } = await inviteMember(db, owner, links, { email: "late@acme.example", roleKey: "viewer" });
    const token = await tokenMailedTo("late@acme.example");
    await db.invitation.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(previewInvitation(db, token)).rejects.toMatchObject({ code: "CONFLICT", userMessage: "This invitation has expired. Ask for a new one." });
  });
});
