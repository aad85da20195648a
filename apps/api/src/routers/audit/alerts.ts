import { ALERT_PRESETS, createAlertRule, deleteAlertRule, listAlertFirings, listAlertRules, rotateAlertSecret, updateAlertRule } from "@atrium/core/audit";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";
import { ZOk, ok } from "../schemas.ts";

const ZStatus = z.enum(["success", "denied", "error"]);
const ZRuleInput = z.object({
  name: z.string().trim().min(1).max(200),
  preset: z.enum(Object.keys(ALERT_PRESETS) as [keyof typeof ALERT_PRESETS]).nullable().default(null),
  actions: z.array(z.string().regex(/^([a-z0-9][a-z0-9-]{1,62}\/)?[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?$/, "Use an action (org.update, demo-product/note.share) or a prefix (sso.*)").max(100)).min(1).max(50),
  status: ZStatus.nullable().default(null),
  threshold: z.number().int().min(1).max(10_000).default(1),
  windowSeconds: z.number().int().min(0).max(604_800).default(0),
  notifyAdmins: z.boolean().default(true),
  webhookUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable().default(null),
  enabled: z.boolean().default(true),
});

const ZRule = z.object({
  id: z.uuid(),
  name: z.string(),
  preset: z.string().nullable(),
  actions: z.array(z.string()),
  status: ZStatus.nullable(),
  threshold: z.number().int(),
  windowSeconds: z.number().int(),
  notifyAdmins: z.boolean(),
  webhookUrl: z.string().nullable(),
  enabled: z.boolean(),
  lastFiredAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const alertsRouter = router({
  presets: permissionProcedure("audit:manage_alerts")
    .output(z.array(z.object({ key: z.string(), name: z.string(), actions: z.array(z.string()), status: ZStatus.nullable(), threshold: z.number(), windowSeconds: z.number() })))
    .query(() => Object.entries(ALERT_PRESETS).map(([key, p]) => ({ key, ...p, actions: [...p.actions] }))),

  list: permissionProcedure("audit:manage_alerts")
    .output(z.array(ZRule))
    .query(({ ctx }) => listAlertRules(ctx.db, ctx.access.organization.id)),

  firings: permissionProcedure("audit:manage_alerts")
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          ruleId: z.uuid(),
          firedAt: z.date(),
          eventCount: z.number().int(),
          firstSeq: z.number().int(),
          lastSeq: z.number().int(),
          emails: z.number().int(),
          webhookStatus: z.enum(["none", "pending", "delivered", "failed"]),
          webhookAttempts: z.number().int(),
          webhookError: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => listAlertFirings(ctx.db, ctx.access.organization.id)),

  /** The webhook secret is in the answer once (null without a webhook). */
  create: permissionProcedure("audit:manage_alerts")
    .input(ZRuleInput)
    .output(z.object({ id: z.uuid(), webhookSecret: z.string().nullable() }))
    .mutation(({ ctx, input: { orgId: _orgId, ...rule } }) => createAlertRule(ctx.db, ctx.actor, ctx.access.organization.id, rule)),

  update: permissionProcedure("audit:manage_alerts")
    .input(ZRuleInput.extend({ ruleId: z.uuid() }))
    .output(z.object({ webhookSecret: z.string().nullable() }))
    .mutation(({ ctx, input: { orgId: _orgId, ruleId, ...rule } }) => updateAlertRule(ctx.db, ctx.actor, ctx.access.organization.id, ruleId, rule)),

  delete: permissionProcedure("audit:manage_alerts")
    .input(z.object({ ruleId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(deleteAlertRule(ctx.db, ctx.actor, ctx.access.organization.id, input.ruleId))),

  rotateSecret: permissionProcedure("audit:manage_alerts")
    .input(z.object({ ruleId: z.uuid() }))
    .output(z.object({ webhookSecret: z.string() }))
    .mutation(({ ctx, input }) => rotateAlertSecret(ctx.db, ctx.actor, ctx.access.organization.id, input.ruleId)),
});
