/**
 * The certificate rotation screen of a SAML connection (`sso.certificates.*`):
 * the IdP's signing certificates (add the next one, remove the old one, never
 * the last) and our SP key pairs (generate next → activate → remove retired),
 * plus the switch that signs our AuthnRequests. Every change is audited.
 */
import {
  activateSpCertificate,
  addIdpCertificate,
  generateNextSpCertificate,
  getConnection,
  listIdpCertificates,
  listSpCertificates,
  removeIdpCertificate,
  removeSpCertificate,
  setRequestSigning,
} from "@atrium/core/sso";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";

const ZConnectionId = z.object({ connectionId: z.uuid() });
const ZExpiry = { subject: z.string(), notAfter: z.date(), fingerprint: z.string(), daysLeft: z.number().int(), status: z.enum(["ok", "expiring", "expired"]) };
const ZIdpCertificate = z.object(ZExpiry);
const ZSpCertificate = z.object({
  ...ZExpiry,
  id: z.uuid(),
  state: z.enum(["next", "active", "retired"]),
  notBefore: z.date(),
  createdAt: z.date(),
  activatedAt: z.date().nullable(),
  retiredAt: z.date().nullable(),
  graceOver: z.boolean(),
});
const ZFingerprint = z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, "A SHA-256 fingerprint");

export const ssoCertificatesRouter = router({
  get: permissionProcedure("sso:read")
    .input(ZConnectionId)
    .output(z.object({ idp: z.array(ZIdpCertificate), sp: z.array(ZSpCertificate), signAuthnRequests: z.boolean() }))
    .query(async ({ ctx, input }) => {
      const orgId = ctx.access.organization.id;
      const idp = await listIdpCertificates(ctx.db, orgId, input.connectionId);
      const sp = await listSpCertificates(ctx.db, orgId, input.connectionId);
      const { signAuthnRequests } = await getConnection(ctx.db, orgId, input.connectionId);
      return { idp, sp, signAuthnRequests };
    }),

  addIdp: permissionProcedure("sso:rotate_certificates")
    .input(ZConnectionId.extend({ certificate: z.string().trim().min(1).max(20_000) }))
    .output(z.array(ZIdpCertificate))
    .mutation(({ ctx, input }) => addIdpCertificate(ctx.db, ctx.actor, ctx.access.organization.id, input.connectionId, input.certificate)),

  removeIdp: permissionProcedure("sso:rotate_certificates")
    .input(ZConnectionId.extend({ fingerprint: ZFingerprint }))
    .output(z.array(ZIdpCertificate))
    .mutation(({ ctx, input }) => removeIdpCertificate(ctx.db, ctx.actor, ctx.access.organization.id, input.connectionId, input.fingerprint)),

  generateSp: permissionProcedure("sso:rotate_certificates")
    .input(ZConnectionId)
    .output(z.array(ZSpCertificate))
    .mutation(({ ctx, input }) => generateNextSpCertificate(ctx.db, ctx.actor, ctx.access.organization.id, input.connectionId)),

  activateSp: permissionProcedure("sso:rotate_certificates")
    .input(ZConnectionId.extend({ certificateId: z.uuid() }))
    .output(z.array(ZSpCertificate))
    .mutation(({ ctx, input }) => activateSpCertificate(ctx.db, ctx.actor, ctx.access.organization.id, input.connectionId, input.certificateId)),

  removeSp: permissionProcedure("sso:rotate_certificates")
    .input(ZConnectionId.extend({ certificateId: z.uuid() }))
    .output(z.array(ZSpCertificate))
    .mutation(({ ctx, input }) => removeSpCertificate(ctx.db, ctx.actor, ctx.access.organization.id, input.connectionId, input.certificateId)),

  setRequestSigning: permissionProcedure("sso:update")
    .input(ZConnectionId.extend({ enabled: z.boolean() }))
    .output(z.object({ signAuthnRequests: z.boolean() }))
    .mutation(({ ctx, input }) => setRequestSigning(ctx.db, ctx.actor, ctx.access.organization.id, input.connectionId, input.enabled)),
});
