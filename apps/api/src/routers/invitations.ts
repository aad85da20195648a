import {
  acceptInvitation,
  acceptInvitationAsNewUser,
  declineInvitation,
  inviteMember,
  listInvitations,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
} from "@atrium/core/invitations";
import { MIN_PASSWORD_LENGTH } from "@atrium/core/auth";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { authedProcedure, permissionProcedure, publicProcedure } from "../trpc/procedures.ts";
import { ZEmailAddress, ZName, ZRoleKey, ZRoleRef, ZOk, ok } from "./schemas.ts";

const ZInvitation = z.object({
  id: z.uuid(),
  email: z.string(),
  role: ZRoleRef,
  status: z.enum(["pending", "accepted", "declined", "revoked", "expired"]),
  invitedBy: z.string().nullable(),
  expiresAt: z.date(),
  sentCount: z.number().int(),
  lastSentAt: z.date(),
  createdAt: z.date(),
});

const ZToken = z.object({ token: z.string().min(1).max(200) });

/** An invitation as its recipient sees it (`invitations.invitee.*`): the token from the e-mail is the credential. */
const inviteeRouter = router({
  preview: publicProcedure
    .input(ZToken)
    .output(
      z.object({
        organizationName: z.string(),
        email: z.string(),
        role: ZRoleRef,
        invitedBy: z.string().nullable(),
        expiresAt: z.date(),
        accountExists: z.boolean(),
      }),
    )
    .query(({ ctx, input }) => previewInvitation(ctx.db, input.token)),

  accept: authedProcedure
    .input(ZToken)
    .output(z.object({ organizationId: z.uuid() }))
    .mutation(({ ctx, input }) => acceptInvitation(ctx.db, ctx.user, input.token, ctx.meta)),

  acceptAsNewUser: publicProcedure
    .input(ZToken.extend({ name: ZName("your name"), password: z.string().min(MIN_PASSWORD_LENGTH).max(1024) }))
    .output(z.object({ organizationId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const { organizationId, token, expiresAt } = await acceptInvitationAsNewUser(ctx.db, input, ctx.meta);
      ctx.cookies.set(ctx.res, token, expiresAt);
      return { organizationId };
    }),

  decline: publicProcedure
    .input(ZToken)
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(declineInvitation(ctx.db, input.token, ctx.meta))),
});

/** Invitations as the organization's admins manage them (`invitations.*`); the recipient's side under `invitations.invitee`. */
export const invitationsRouter = router({
  list: permissionProcedure("members:read")
    .input(z.object({ status: z.enum(["pending", "accepted", "declined", "revoked"]).optional() }))
    .output(z.array(ZInvitation))
    .query(({ ctx, input }) => listInvitations(ctx.db, ctx.access.organization.id, input.status)),

  create: permissionProcedure("members:invite")
    .input(z.object({ email: ZEmailAddress, roleKey: ZRoleKey }))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => inviteMember(ctx.db, ctx.changer(), { publicUrl: ctx.env.ATRIUM_PUBLIC_URL }, input)),

  resend: permissionProcedure("members:resend_invitation")
    .input(z.object({ invitationId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(resendInvitation(ctx.db, ctx.changer(), { publicUrl: ctx.env.ATRIUM_PUBLIC_URL }, input.invitationId))),

  revoke: permissionProcedure("members:revoke_invitation")
    .input(z.object({ invitationId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(revokeInvitation(ctx.db, ctx.changer(), input.invitationId))),

  invitee: inviteeRouter,
});
