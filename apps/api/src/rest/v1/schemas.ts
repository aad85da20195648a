/**
 * The zod schemas of /v1: they validate requests, serialize responses and are
 * the only source of the OpenAPI document (`.meta({ id })` names a
 * component). Times are ISO 8601 strings.
 */
import { DECISION_REASONS } from "@atrium/core/applications";
import { FEATURES, PLANS, QUOTAS, type Feature, type Quota } from "@atrium/rbac";
import { z } from "zod";
import { ZErrorBody } from "./errors.ts";

export const ZOrganizationParams = z.object({ id: z.uuid().meta({ description: "The organization's id" }) });

const ZTime = z.iso.datetime();

export const ZCheck = z
  .object({
    principal: z
      .discriminatedUnion("type", [
        z.object({ type: z.literal("user"), id: z.uuid().meta({ description: "The Atrium user id (the `sub` of Atrium's id_tokens)" }) }).meta({ id: "UserPrincipal" }),
        z
          .object({
            type: z.literal("access_token"),
            token: z.string().min(1).max(4096).meta({ description: "An access token Atrium's OpenID Provider issued to this application" }),
          })
          .meta({ id: "AccessTokenPrincipal" }),
      ])
      .meta({
        description:
          "Who is asking: a user id, or an access token issued to this application by Atrium's OpenID Provider (its `sub` is the person; a token issued for an organization speaks only for it)",
      }),
    organizationId: z.uuid(),
    permission: z.string().min(1).max(200).meta({ description: "A permission of the catalog, resource:action, or one your product declared, <application>/<resource>:<action>", example: "workspace_content:update" }),
    resource: z
      .object({ type: z.string().min(1).max(50).meta({ example: "workspace" }), id: z.string().min(1).max(200) })
      .optional()
      .meta({ description: "The resource the permission is about; the organization itself when absent" }),
    context: z
      .object({ ip: z.union([z.ipv4(), z.ipv6()]).optional(), mfa: z.boolean().optional() })
      .optional()
      .meta({ description: "What the product knows of the person's request, for conditions on IP and MFA" }),
  })
  .meta({ id: "Check" });

export const ZAuthorizeBody = z.object({ checks: z.array(ZCheck).min(1).max(100) }).meta({ id: "AuthorizeRequest" });

export const ZCheckResult = z
  .object({
    allowed: z.boolean(),
    reason: z.enum(DECISION_REASONS).meta({ description: "Why, as a stable code" }),
    explanation: z.string().meta({ description: "Why, in words: the role, grant or condition that decided" }),
  })
  .meta({ id: "CheckResult" });

export const ZAuthorizeResponse = z.object({ results: z.array(ZCheckResult) }).meta({ id: "AuthorizeResponse" });

export const ZOrganization = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    parentId: z.uuid().nullable(),
    plan: z.enum(PLANS),
    status: z.enum(["active", "suspended", "archived"]),
    createdAt: ZTime,
  })
  .meta({ id: "Organization" });

export const ZEntitlements = z
  .object({
    organizationId: z.uuid(),
    plan: z.enum(PLANS),
    features: z.array(
      z.object({
        feature: z.enum(Object.keys(FEATURES) as [Feature, ...Feature[]]),
        enabled: z.boolean(),
        includedFrom: z.enum(PLANS).meta({ description: "The cheapest plan that includes it" }),
        reason: z.string(),
        override: z.object({ enabled: z.boolean(), expiresAt: ZTime.nullable() }).nullable().meta({ description: "A per-organization override, while it lasts" }),
      }),
    ),
    quotas: z.array(
      z.object({
        quota: z.enum(Object.keys(QUOTAS) as [Quota, ...Quota[]]),
        used: z.number().int(),
        limit: z.number().int().nullable().meta({ description: "Hard limit; null: unlimited" }),
        softLimit: z.number().int().nullable(),
        status: z.enum(["ok", "warn", "full"]),
      }),
    ),
  })
  .meta({ id: "Entitlements" });

export const ZMembersQuery = z.object({
  cursor: z.string().min(1).max(200).optional().meta({ description: "nextCursor of the previous page" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZMember = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    status: z.enum(["active", "deactivated"]),
    role: z.object({ key: z.string(), name: z.string(), custom: z.boolean() }).meta({ description: "A system role (owner, admin, member, viewer) or a custom role (key = its id)" }),
    attributes: z.record(z.string(), z.unknown()).meta({ description: "Directory attributes (department, title, …) from SCIM or SSO" }),
    groups: z.array(z.object({ id: z.uuid(), name: z.string() })),
    joinedAt: ZTime,
  })
  .meta({ id: "Member" });

export const ZMembersPage = z.object({ members: z.array(ZMember), nextCursor: z.string().nullable() }).meta({ id: "MembersPage" });

/** The error answers every /v1 route may give. */
export const ERROR_RESPONSES = { 400: ZErrorBody, 401: ZErrorBody, 429: ZErrorBody } as const;
