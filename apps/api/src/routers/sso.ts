/**
 * Single sign-on administration: connections (SAML/OIDC, test → live),
 * IdP certificates, group → role mappings, verified domains, enforcement,
 * test results; and home-realm discovery for the sign-in page (public).
 * The protocol endpoints themselves are REST (apps/api/src/rest/sso/sso.ts).
 */
import {
  addDomain,
  createConnection,
  deleteConnection,
  discoverRealm,
  getConnection,
  getEnforcement,
  listConnections,
  listDomains,
  listIdentities,
  listRoleMappings,
  listTestResults,
  parseIdpMetadata,
  certificateInfo,
  PROVIDER_PRESETS,
  removeDomain,
  removeIdentity,
  serviceProviderValues,
  setCertificates,
  setConnectionStatus,
  setEnforcement,
  setRoleMappings,
  updateConnection,
  verifyDomain,
  defaultResolveTxt,
  type ConnectionRow,
} from "@atrium/core/sso";
import { z } from "zod";
import { router } from "../trpc/init.ts";
import { permissionProcedure, publicProcedure } from "../trpc/procedures.ts";
import { ssoCertificatesRouter } from "./sso-certificates.ts";
import { ZOk, ok } from "./schemas.ts";

const ZProvider = z.enum(["okta", "entra", "google", "onelogin", "generic_saml", "generic_oidc", "sandbox"]);
const ZProtocol = z.enum(["saml", "oidc"]);
const ZRoleRef = z.object({ key: z.string(), name: z.string(), custom: z.boolean() });
const ZCertificate = z.object({ subject: z.string(), notAfter: z.date(), fingerprint: z.string(), daysLeft: z.number().int(), status: z.enum(["ok", "expiring", "expired"]) });
const ZAttributeMapping = z.object({
  email: z.string().trim().max(256).optional(),
  name: z.string().trim().max(256).optional(),
  department: z.string().trim().max(256).optional(),
  title: z.string().trim().max(256).optional(),
  groups: z.string().trim().max(256).optional(),
});
const ZHttpUrl = z.url({ protocol: /^https?$/ }).max(2000);

const ZSpValues = z.object({ entityId: z.string(), acsUrl: z.string(), metadataUrl: z.string(), samlLoginUrl: z.string(), redirectUri: z.string(), oidcLoginUrl: z.string() });
const ZConnection = z.object({
  id: z.uuid(),
  name: z.string(),
  provider: ZProvider,
  protocol: ZProtocol,
  status: z.enum(["test", "live"]),
  idpEntityId: z.string().nullable(),
  idpSsoUrl: z.string().nullable(),
  certificates: z.array(ZCertificate),
  allowIdpInitiated: z.boolean(),
  signAuthnRequests: z.boolean(),
  wantAssertionsSigned: z.boolean(),
  allowSha1Signatures: z.boolean(),
  oidc: z.object({
    issuer: z.string().nullable(),
    discoveryUrl: z.string().nullable(),
    authorizationUrl: z.string().nullable(),
    tokenUrl: z.string().nullable(),
    jwksUrl: z.string().nullable(),
    userinfoUrl: z.string().nullable(),
    clientId: z.string().nullable(),
    hasSecret: z.boolean(),
    scopes: z.string(),
    trustUnverifiedEmail: z.boolean(),
  }),
  attributeMapping: ZAttributeMapping,
  defaultRole: ZRoleRef,
  createdAt: z.date(),
  lastLoginAt: z.date().nullable(),
  sp: ZSpValues,
});

const ZConnectionInput = z.object({
  name: z.string().trim().min(1).max(100),
  provider: ZProvider,
  protocol: ZProtocol,
  saml: z
    .object({
      idpEntityId: z.string().trim().min(1).max(1000),
      idpSsoUrl: ZHttpUrl,
      certificates: z.array(z.string().min(1).max(20_000)).min(1).max(2),
      allowIdpInitiated: z.boolean().default(false),
      signAuthnRequests: z.boolean().optional(),
      wantAssertionsSigned: z.boolean().optional(),
      allowSha1Signatures: z.boolean().optional(),
    })
    .optional(),
  oidc: z
    .object({
      discoveryUrl: ZHttpUrl.nullish(),
      issuer: ZHttpUrl.nullish(),
      authorizationUrl: ZHttpUrl.nullish(),
      tokenUrl: ZHttpUrl.nullish(),
      jwksUrl: ZHttpUrl.nullish(),
      userinfoUrl: ZHttpUrl.nullish(),
      clientId: z.string().trim().min(1).max(500),
      clientSecret: z.string().min(1).max(2000).optional(),
      scopes: z.string().trim().max(500).optional(),
      /** The provider is authoritative for the org's verified domains: accept e-mails it does not mark verified. */
      trustUnverifiedEmail: z.boolean().optional(),
    })
    .optional(),
  attributeMapping: ZAttributeMapping.optional(),
  defaultRole: z.string().max(100).optional(),
});

const ZDomain = z.object({ id: z.uuid(), domain: z.string(), verified: z.boolean(), verifiedAt: z.date().nullable(), recordName: z.string(), recordValue: z.string() });
const ZConnectionId = z.object({ connectionId: z.uuid() });

export const ssoRouter = router({
  providers: permissionProcedure("sso:read")
    .output(z.array(z.object({ key: ZProvider, label: z.string(), protocols: z.array(ZProtocol), guide: z.object({ saml: z.array(z.string()), oidc: z.array(z.string()) }) })))
    .query(() => Object.values(PROVIDER_PRESETS).map((p) => ({ key: p.key, label: p.label, protocols: p.protocols, guide: p.guide }))),

  connections: router({
    list: permissionProcedure("sso:read")
      .output(z.array(ZConnection))
      .query(async ({ ctx }) => (await listConnections(ctx.db, ctx.access.organization.id)).map((c) => withSp(c, ctx.env.ATRIUM_PUBLIC_URL))),

    get: permissionProcedure("sso:read")
      .input(ZConnectionId)
      .output(ZConnection)
      .query(async ({ ctx, input }) => withSp(await getConnection(ctx.db, ctx.access.organization.id, input.connectionId), ctx.env.ATRIUM_PUBLIC_URL)),

    create: permissionProcedure("sso:create")
      .input(ZConnectionInput)
      .output(ZConnection)
      .mutation(async ({ ctx, input }) => withSp(await createConnection(ctx.db, ctx.actor, ctx.access.organization.id, input), ctx.env.ATRIUM_PUBLIC_URL)),

    update: permissionProcedure("sso:update")
      .input(ZConnectionInput.extend({ connectionId: z.uuid() }))
      .output(ZConnection)
      .mutation(async ({ ctx, input }) => {
        const { connectionId, ...rest } = input;
        return withSp(await updateConnection(ctx.db, ctx.actor, ctx.access.organization.id, connectionId, rest), ctx.env.ATRIUM_PUBLIC_URL);
      }),

    /** test → live (routes people by domain) or back; live needs a passing test or the typed name (audited as untested). */
    setStatus: permissionProcedure("sso:update")
      .input(ZConnectionId.extend({ status: z.enum(["test", "live"]), confirmName: z.string().max(200).optional() }))
      .output(ZOk)
      .mutation(({ ctx, input }) => ok(setConnectionStatus(ctx.db, ctx.actor, ctx.access.organization.id, input.connectionId, input.status, { confirmName: input.confirmName }))),

    rotateCertificates: permissionProcedure("sso:rotate_certificates")
      .input(ZConnectionId.extend({ certificates: z.array(z.string().min(1).max(20_000)).min(1).max(2) }))
      .output(ZConnection)
      .mutation(async ({ ctx, input }) =>
        withSp(await setCertificates(ctx.db, ctx.actor, ctx.access.organization.id, input.connectionId, input.certificates), ctx.env.ATRIUM_PUBLIC_URL),
      ),

    delete: permissionProcedure("sso:delete")
      .input(ZConnectionId)
      .output(ZOk)
      .mutation(({ ctx, input }) => ok(deleteConnection(ctx.db, ctx.actor, ctx.access.organization.id, input.connectionId))),

    /** Reads pasted or uploaded IdP metadata XML (nothing is saved). */
    parseMetadata: permissionProcedure("sso:create")
      .input(z.object({ xml: z.string().min(1).max(512 * 1024) }))
      .output(z.object({ entityId: z.string(), ssoUrl: z.string(), certificates: z.array(z.string()), certificateInfo: z.array(ZCertificate), wantAuthnRequestsSigned: z.boolean() }))
      .mutation(({ input }) => {
        const parsed = parseIdpMetadata(input.xml);
        return { ...parsed, certificateInfo: parsed.certificates.map((c) => certificateInfo(c)) };
      }),

    testResults: permissionProcedure("sso:test")
      .input(ZConnectionId)
      .output(z.array(z.object({ id: z.uuid(), ok: z.boolean(), error: z.string().nullable(), attributes: z.record(z.string(), z.unknown()), createdAt: z.date() })))
      .query(({ ctx, input }) => listTestResults(ctx.db, ctx.access.organization.id, input.connectionId)),
  }),

  roleMappings: router({
    list: permissionProcedure("sso:read")
      .input(ZConnectionId)
      .output(z.array(z.object({ idpGroup: z.string(), role: ZRoleRef })))
      .query(({ ctx, input }) => listRoleMappings(ctx.db, ctx.access.organization.id, input.connectionId)),

    set: permissionProcedure("sso:manage_group_mappings")
      .input(ZConnectionId.extend({ mappings: z.array(z.object({ idpGroup: z.string().trim().min(1).max(256), role: z.string().min(1).max(100) })).max(200) }))
      .output(z.array(z.object({ idpGroup: z.string(), role: ZRoleRef })))
      .mutation(({ ctx, input }) => setRoleMappings(ctx.db, ctx.actor, ctx.access.organization.id, input.connectionId, input.mappings)),
  }),

  /** Identity links (connection, subject) → account, made at each subject's first sign-in. */
  identities: router({
    list: permissionProcedure("sso:read")
      .input(ZConnectionId)
      .output(z.array(z.object({ id: z.uuid(), subject: z.string(), user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }), createdAt: z.date(), lastLoginAt: z.date() })))
      .query(({ ctx, input }) => listIdentities(ctx.db, ctx.access.organization.id, input.connectionId)),

    /** The subject's next sign-in is matched by its verified e-mail again (resolves an identity_conflict). */
    remove: permissionProcedure("sso:update")
      .input(ZConnectionId.extend({ identityId: z.uuid() }))
      .output(ZOk)
      .mutation(({ ctx, input }) => ok(removeIdentity(ctx.db, ctx.actor, ctx.access.organization.id, input.connectionId, input.identityId))),
  }),

  domains: router({
    list: permissionProcedure("sso:read")
      .output(z.array(ZDomain))
      .query(({ ctx }) => listDomains(ctx.db, ctx.access.organization.id)),

    add: permissionProcedure("sso:manage_domains")
      .input(z.object({ domain: z.string().trim().toLowerCase().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, "Enter a domain like example.com").max(253) }))
      .output(ZDomain)
      .mutation(({ ctx, input }) => addDomain(ctx.db, ctx.actor, ctx.access.organization.id, input.domain)),

    verify: permissionProcedure("sso:manage_domains")
      .input(z.object({ domainId: z.uuid() }))
      .output(ZDomain)
      .mutation(({ ctx, input }) => verifyDomain(ctx.db, ctx.actor, ctx.access.organization.id, input.domainId, ctx.resolveTxt ?? defaultResolveTxt)),

    remove: permissionProcedure("sso:manage_domains")
      .input(z.object({ domainId: z.uuid() }))
      .output(ZOk)
      .mutation(({ ctx, input }) => ok(removeDomain(ctx.db, ctx.actor, ctx.access.organization.id, input.domainId))),
  }),

  enforcement: router({
    get: permissionProcedure("sso:read")
      .output(z.object({ enforced: z.boolean(), breakGlassUserId: z.uuid().nullable(), updatedAt: z.date().nullable() }))
      .query(({ ctx }) => getEnforcement(ctx.db, ctx.access.organization.id)),

    set: permissionProcedure("sso:enforce")
      .input(z.object({ enforced: z.boolean(), breakGlassUserId: z.uuid().nullable() }))
      .output(z.object({ enforced: z.boolean(), breakGlassUserId: z.uuid().nullable(), updatedAt: z.date().nullable() }))
      .mutation(({ ctx, input }) => setEnforcement(ctx.db, ctx.actor, ctx.access.organization.id, input)),
  }),

  /** A SAML connection's IdP and SP certificates (rotation) and request signing. */
  certificates: ssoCertificatesRouter,

  /** Home-realm discovery for the sign-in page: SSO (with the URL to start it) or password. */
  discover: publicProcedure
    .input(z.object({ email: z.email().max(320) }))
    .output(z.discriminatedUnion("method", [
      z.object({ method: z.literal("password") }),
      z.object({ method: z.literal("sso"), organizationName: z.string(), idpName: z.string(), enforced: z.boolean(), loginUrl: z.string() }),
    ]))
    .mutation(async ({ ctx, input }) => {
      const realm = await discoverRealm(ctx.db, input.email);
      if (realm.method === "password") return realm;
      const sp = serviceProviderValues("", realm.connectionId);
      return { method: "sso" as const, organizationName: realm.organizationName, idpName: realm.idpName, enforced: realm.enforced, loginUrl: realm.protocol === "saml" ? sp.samlLoginUrl : sp.oidcLoginUrl };
    }),
});

function withSp(connection: ConnectionRow, publicUrl: string) {
  return { ...connection, sp: serviceProviderValues(publicUrl, connection.id) };
}
