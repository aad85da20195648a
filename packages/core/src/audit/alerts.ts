/**
 * Alert rules on an organization's audit log. A rule matches actions (exact,
 * or every action under a prefix: `sso.*`) and optionally a status, and fires
 * when at least `threshold` matching events fall within `windowSeconds`
 * (threshold 1: on every batch of matches). It notifies the organization's
 * owners and admins through the e-mail outbox and, when set, a webhook signed
 * with a secret that is shown once and kept encrypted (secrets()).
 * Evaluation and delivery: alert-engine.ts.
 */
import type { AuditStatus, Db, Prisma } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { AppError, notFound } from "../errors.ts";
import { secrets } from "../secrets/box.ts";
import { newSigningSecret } from "./signature.ts";
import { recordAudit } from "./writer.ts";
import { auditHead } from "./tail.ts";

export interface AlertRuleInput {
  name: string;
  preset?: string | null | undefined;
  actions: string[];
  status?: AuditStatus | null | undefined;
  threshold: number;
  windowSeconds: number;
  notifyAdmins: boolean;
  webhookUrl?: string | null | undefined;
  enabled?: boolean | undefined;
}

/** Starting points offered in the console; each becomes an ordinary rule. */
export const ALERT_PRESETS = {
  denied_sso: { name: "Any denied SSO action", actions: ["sso.*"], status: "denied", threshold: 1, windowSeconds: 0 },
  owner_changes: { name: "Owner changes", actions: ["org.ownership_transfer", "membership.role_change"], status: null, threshold: 1, windowSeconds: 0 },
  scim_deprovision_burst: { name: "SCIM deprovisioning burst", actions: ["scim.user.deprovisioned"], status: null, threshold: 5, windowSeconds: 600 },
  retention_changes: { name: "Retention and legal hold changes", actions: ["retention.*"], status: null, threshold: 1, windowSeconds: 0 },
} as const satisfies Record<string, Omit<AlertRuleInput, "notifyAdmins">>;

export type AlertPreset = keyof typeof ALERT_PRESETS;

const secretContext = (ruleId: string) => `audit_alert_rules.webhook_secret:${ruleId}`;

export function openWebhookSecret(rule: { id: string; webhookSecret: string | null }): string | null {
  return rule.webhookSecret ? secrets().decrypt(rule.webhookSecret, secretContext(rule.id)) : null;
}

const RULE_SELECT = {
  id: true, name: true, preset: true, actions: true, status: true, threshold: true, windowSeconds: true,
  notifyAdmins: true, webhookUrl: true, enabled: true, lastFiredAt: true, createdAt: true, updatedAt: true,
} as const;

export async function listAlertRules(db: Db, organizationId: string) {
  return db.auditAlertRule.findMany({ where: { organizationId }, select: RULE_SELECT, orderBy: { createdAt: "asc" } });
}

export async function listAlertFirings(db: Db, organizationId: string, limit = 50) {
  const rows = await db.auditAlertFiring.findMany({
    where: { organizationId },
    orderBy: { firedAt: "desc" },
    take: limit,
    select: { id: true, ruleId: true, firedAt: true, eventCount: true, firstSeq: true, lastSeq: true, emails: true, webhookStatus: true, webhookAttempts: true, webhookError: true },
  });
  return rows.map((r) => ({ ...r, firstSeq: Number(r.firstSeq), lastSeq: Number(r.lastSeq) }));
}

/** Plain http:// only to this machine (development, tests); everything else must be https. */
export function checkWebhookUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError("BAD_REQUEST", { userMessage: "The webhook URL is not a valid URL." });
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) {
    throw new AppError("BAD_REQUEST", { userMessage: "The webhook URL must use https://." });
  }
  if (parsed.username || parsed.password) throw new AppError("BAD_REQUEST", { userMessage: "Put no credentials in the webhook URL; requests are signed." });
}

/** A new rule's settings as stored; the webhook's URL and sealed secret are written apart. */
const settings = (input: AlertRuleInput) => ({
  name: input.name,
  preset: input.preset ?? null,
  actions: input.actions,
  status: input.status ?? null,
  threshold: input.threshold,
  windowSeconds: input.windowSeconds,
  notifyAdmins: input.notifyAdmins,
  enabled: input.enabled ?? true,
});

/** The settings as the audit log keeps them: the webhook by its origin only. */
const details = (input: AlertRuleInput) => ({ ...settings(input), webhook: input.webhookUrl ? new URL(input.webhookUrl).origin : null });

function checkRule(input: AlertRuleInput) {
  if (input.threshold > 1 && input.windowSeconds === 0) {
    throw new AppError("BAD_REQUEST", { userMessage: "A threshold above 1 needs a time window." });
  }
  if (!input.notifyAdmins && !input.webhookUrl) {
    throw new AppError("BAD_REQUEST", { userMessage: "Choose at least one way to be notified: e-mail to admins or a webhook." });
  }
  if (input.webhookUrl) checkWebhookUrl(input.webhookUrl);
}

/** Creates a rule; it watches events from now on. Returns the webhook secret once, when there is a webhook. */
export async function createAlertRule(db: Db, actor: Actor, organizationId: string, input: AlertRuleInput): Promise<{ id: string; webhookSecret: string | null }> {
  checkRule(input);
  const head = await auditHead(db, organizationId);
  return db.$transaction(async (tx) => {
    const rule = await tx.auditAlertRule.create({
      data: {
        organizationId,
        ...settings(input),
        evaluatedSeq: head,
        createdById: actor.type === "user" || actor.type === "staff" ? actor.userId : null,
      },
      select: { id: true },
    });
    let webhookSecret: string | null = null;
    if (input.webhookUrl) {
      webhookSecret = newSigningSecret();
      await tx.auditAlertRule.update({
        where: { id: rule.id },
        data: { webhookUrl: input.webhookUrl, webhookSecret: secrets().encrypt(webhookSecret, secretContext(rule.id)) },
      });
    }
    await recordAudit(tx, actor, { action: "alert_rule.create", organizationId, resource: { type: "alert_rule", id: rule.id }, details: details(input) });
    return { id: rule.id, webhookSecret };
  });
}

/** Replaces a rule's settings. A new webhook URL keeps the secret; a first one gets a secret (returned once). */
export async function updateAlertRule(db: Db, actor: Actor, organizationId: string, ruleId: string, input: AlertRuleInput): Promise<{ webhookSecret: string | null }> {
  checkRule(input);
  return db.$transaction(async (tx) => {
    const before = await tx.auditAlertRule.findFirst({ where: { id: ruleId, organizationId }, select: { ...RULE_SELECT, webhookSecret: true } });
    if (!before) throw notFound("The alert rule");
    let webhookSecret: string | null = null;
    const webhook: Prisma.AuditAlertRuleUpdateInput = input.webhookUrl
      ? before.webhookSecret
        ? { webhookUrl: input.webhookUrl }
        : { webhookUrl: input.webhookUrl, webhookSecret: secrets().encrypt((webhookSecret = newSigningSecret()), secretContext(ruleId)) }
      : { webhookUrl: null, webhookSecret: null };
    await tx.auditAlertRule.update({
      where: { id: ruleId },
      data: {
        name: input.name,
        actions: input.actions,
        status: input.status ?? null,
        threshold: input.threshold,
        windowSeconds: input.windowSeconds,
        notifyAdmins: input.notifyAdmins,
        enabled: input.enabled ?? before.enabled,
        updatedAt: new Date(),
        ...webhook,
      },
    });
    const { webhookSecret: _sealed, createdAt: _c, updatedAt: _u, lastFiredAt: _l, id: _id, ...was } = before;
    await recordAudit(tx, actor, {
      action: "alert_rule.update",
      organizationId,
      resource: { type: "alert_rule", id: ruleId },
      details: { before: { ...was, webhookUrl: was.webhookUrl ? new URL(was.webhookUrl).origin : null }, after: details(input) },
    });
    return { webhookSecret };
  });
}

export async function deleteAlertRule(db: Db, actor: Actor, organizationId: string, ruleId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const rule = await tx.auditAlertRule.findFirst({ where: { id: ruleId, organizationId }, select: { name: true } });
    if (!rule) throw notFound("The alert rule");
    await tx.auditAlertRule.delete({ where: { id: ruleId } });
    await recordAudit(tx, actor, { action: "alert_rule.delete", organizationId, resource: { type: "alert_rule", id: ruleId }, details: { name: rule.name } });
  });
}

/** A new webhook secret, returned once; the old one stops working at once. */
export async function rotateAlertSecret(db: Db, actor: Actor, organizationId: string, ruleId: string): Promise<{ webhookSecret: string }> {
  return db.$transaction(async (tx) => {
    const rule = await tx.auditAlertRule.findFirst({ where: { id: ruleId, organizationId }, select: { webhookUrl: true } });
    if (!rule) throw notFound("The alert rule");
    if (!rule.webhookUrl) throw new AppError("CONFLICT", { userMessage: "This rule has no webhook." });
    const webhookSecret = newSigningSecret();
    await tx.auditAlertRule.update({ where: { id: ruleId }, data: { webhookSecret: secrets().encrypt(webhookSecret, secretContext(ruleId)), updatedAt: new Date() } });
    await recordAudit(tx, actor, { action: "alert_rule.rotate_secret", organizationId, resource: { type: "alert_rule", id: ruleId } });
    return { webhookSecret };
  });
}
