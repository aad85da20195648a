/**
 * Evaluates alert rules and delivers their webhooks (the worker's
 * audit-alerts job, woken by NOTIFY on every audit insert).
 *
 * Each rule reads its organization's chain after `evaluated_seq` up to the
 * chain's head, under a row lock (SKIP LOCKED: two workers never evaluate one
 * rule at once), and in the same transaction records each firing, audits it,
 * queues the e-mails and advances the rule — so a crash re-evaluates, it does
 * not double-notify. A threshold rule fires when `threshold` matching events
 * fall within `windowSeconds`, then stays quiet for one window. Webhooks go
 * out after commit, with retries and exponential backoff.
 */
import { Prisma, type Db } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { openWebhookSecret } from "./alerts.ts";
import { auditWhere } from "./search.ts";
import { SIGNATURE_HEADER, signPayload } from "./signature.ts";
import { auditHead } from "./tail.ts";
import { recordAudit } from "./writer.ts";

const BATCH = 5000;
const MAX_ATTEMPTS = 6;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Match {
  seq: bigint;
  occurredAt: Date;
  action: string;
  status: string;
  resourceType: string;
  resourceId: string | null;
  actorType: string;
}

const summaryOf = (events: Match[]) =>
  events.slice(-20).map((e) => ({
    seq: Number(e.seq), occurredAt: e.occurredAt.toISOString(), action: e.action, status: e.status,
    resourceType: e.resourceType, resourceId: e.resourceId, actorType: e.actorType,
  }));

/** Evaluates every enabled rule that has unread events; returns how many firings were recorded. */
export async function evaluateAlerts(db: Db): Promise<{ rules: number; fired: number }> {
  const rules = await db.auditAlertRule.findMany({ where: { enabled: true }, select: { id: true, organizationId: true, evaluatedSeq: true } });
  const heads = new Map<string, number>();
  let fired = 0;
  let evaluated = 0;
  for (const rule of rules) {
    if (!heads.has(rule.organizationId)) heads.set(rule.organizationId, await auditHead(db, rule.organizationId));
    const head = heads.get(rule.organizationId)!;
    if (Number(rule.evaluatedSeq) >= head) continue;
    evaluated++;
    fired += await evaluateRule(db, rule.id, head);
  }
  return { rules: evaluated, fired };
}

async function evaluateRule(db: Db, ruleId: string, head: number): Promise<number> {
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM audit_alert_rules WHERE id = ${ruleId}::uuid AND enabled FOR UPDATE SKIP LOCKED`;
    if (!locked) return 0;
    const rule = await tx.auditAlertRule.findUniqueOrThrow({ where: { id: ruleId } });
    const org = await tx.organization.findUniqueOrThrow({ where: { id: rule.organizationId }, select: { name: true } });
    const where = Prisma.sql`${auditWhere(rule.organizationId, { actions: rule.actions, status: rule.status ?? undefined })} AND action <> 'alert.fire'`;
    const fresh = await tx.$queryRaw<Match[]>`
      SELECT seq, occurred_at AS "occurredAt", action, status::text AS status, resource_type AS "resourceType",
             resource_id AS "resourceId", actor_type::text AS "actorType"
        FROM audit_events WHERE ${where} AND seq > ${rule.evaluatedSeq} AND seq <= ${head}
       ORDER BY seq LIMIT ${BATCH}`;
    const readTo = fresh.length === BATCH ? fresh.at(-1)!.seq : BigInt(head);
    const firings: Match[][] = [];
    let lastFiredAt = rule.lastFiredAt;
    if (fresh.length && rule.threshold <= 1) {
      firings.push(fresh);
      lastFiredAt = fresh.at(-1)!.occurredAt;
    } else if (fresh.length) {
      const windowMs = rule.windowSeconds * 1000;
      // Earlier matches still inside the window of the first new one count too.
      const earlier = await tx.$queryRaw<Match[]>`
        SELECT seq, occurred_at AS "occurredAt", action, status::text AS status, resource_type AS "resourceType",
               resource_id AS "resourceId", actor_type::text AS "actorType"
          FROM audit_events WHERE ${where} AND seq <= ${rule.evaluatedSeq}
           AND occurred_at >= ${new Date(fresh[0]!.occurredAt.getTime() - windowMs)}
         ORDER BY seq`;
      const all = [...earlier, ...fresh];
      let start = 0;
      for (let i = earlier.length; i < all.length; i++) {
        const at = all[i]!.occurredAt.getTime();
        while (all[start]!.occurredAt.getTime() <= at - windowMs) start++;
        const quiet = !lastFiredAt || at - lastFiredAt.getTime() > windowMs;
        if (i - start + 1 >= rule.threshold && quiet) {
          firings.push(all.slice(start, i + 1));
          lastFiredAt = all[i]!.occurredAt;
        }
      }
    }

    const admins = rule.notifyAdmins && firings.length
      ? await tx.membership.findMany({
          where: { organizationId: rule.organizationId, status: "active", role: { in: ["owner", "admin"] }, user: { status: "active" } },
          select: { user: { select: { email: true } } },
        })
      : [];
    for (const events of firings) {
      const firing = await tx.auditAlertFiring.create({
        data: {
          ruleId: rule.id,
          organizationId: rule.organizationId,
          eventCount: events.length,
          firstSeq: events[0]!.seq,
          lastSeq: events.at(-1)!.seq,
          summary: { events: summaryOf(events) },
          emails: admins.length,
          ...(rule.webhookUrl ? { webhookStatus: "pending", webhookNextAt: new Date() } : {}),
        },
        select: { id: true },
      });
      await recordAudit(tx, systemActor("audit-alerts"), {
        action: "alert.fire",
        organizationId: rule.organizationId,
        resource: { type: "alert_rule", id: rule.id },
        details: { firing: firing.id, rule: rule.name, events: events.length, firstSeq: Number(events[0]!.seq), lastSeq: Number(events.at(-1)!.seq), emails: admins.length, webhook: rule.webhookUrl !== null },
      });
      const counts = new Map<string, number>();
      for (const e of events) counts.set(`${e.action} (${e.status})`, (counts.get(`${e.action} (${e.status})`) ?? 0) + 1);
      const lines = [
        `The alert rule "${rule.name}" fired in ${org.name}: ${events.length} matching event${events.length === 1 ? "" : "s"}` +
          (rule.threshold > 1 ? ` within ${Math.round(rule.windowSeconds / 60)} minutes.` : "."),
        ...[...counts].map(([what, n]) => `${n} × ${what}`),
        `Audit log sequence ${events[0]!.seq}–${events.at(-1)!.seq}. Open the organization's audit log in Atrium for details.`,
      ];
      for (const { user } of admins) {
        await enqueueEmail(tx, {
          organizationId: rule.organizationId,
          to: user.email,
          template: "audit-alert",
          subject: `Alert: ${rule.name} (${org.name})`,
          text: `${lines.join("\n\n")}\n`,
          html: `<!doctype html><html><body style="font-family:system-ui,sans-serif">${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}</body></html>`,
        });
      }
    }
    await tx.auditAlertRule.update({ where: { id: rule.id }, data: { evaluatedSeq: readTo, lastFiredAt } });
    return firings.length;
  });
}

const backoffMs = (attempts: number) => 30_000 * 2 ** (attempts - 1);

/**
 * POSTs each due webhook (signed, see signature.ts). A 2xx delivers it; anything
 * else is retried with exponential backoff (30 s, 1 min, 2 min, …) up to 6 attempts.
 */
export async function deliverAlertWebhooks(db: Db, now = new Date(), send: typeof fetch = fetch): Promise<{ delivered: number; failed: number }> {
  // Claim due firings with a lease, so a parallel run skips them.
  const due = await db.$queryRaw<{ id: string }[]>`
    UPDATE audit_alert_firings SET webhook_next_at = ${new Date(now.getTime() + 120_000)}
     WHERE id IN (SELECT id FROM audit_alert_firings WHERE webhook_status = 'pending' AND webhook_next_at <= ${now}
                   ORDER BY webhook_next_at LIMIT 50 FOR UPDATE SKIP LOCKED)
    RETURNING id::text AS id`;
  let delivered = 0;
  let failed = 0;
  for (const { id } of due) {
    const firing = await db.auditAlertFiring.findUniqueOrThrow({ where: { id } });
    const rule = await db.auditAlertRule.findUnique({ where: { id: firing.ruleId }, select: { id: true, name: true, webhookUrl: true, webhookSecret: true } });
    if (!rule?.webhookUrl) {
      await db.auditAlertFiring.update({ where: { id }, data: { webhookStatus: "failed", webhookError: "The rule no longer has a webhook." } });
      continue;
    }
    const body = JSON.stringify({
      type: "audit.alert",
      id: firing.id,
      organizationId: firing.organizationId,
      rule: { id: rule.id, name: rule.name },
      firedAt: firing.firedAt.toISOString(),
      eventCount: firing.eventCount,
      firstSeq: Number(firing.firstSeq),
      lastSeq: Number(firing.lastSeq),
      events: (firing.summary as { events?: unknown[] }).events ?? [],
    });
    const attempts = firing.webhookAttempts + 1;
    let error: string | null = null;
    let status: number | null = null;
    try {
      const response = await send(rule.webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Atrium-Alerts/1", [SIGNATURE_HEADER]: signPayload(openWebhookSecret(rule)!, body, now) },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      if (!response.ok) error = `HTTP ${response.status}`;
      await response.body?.cancel();
    } catch (e) {
      error = (e as Error).message;
    }
    if (!error) delivered++;
    else if (attempts >= MAX_ATTEMPTS) failed++;
    await db.auditAlertFiring.update({
      where: { id },
      data: {
        webhookAttempts: attempts,
        webhookResponse: status,
        webhookError: error,
        webhookStatus: !error ? "delivered" : attempts >= MAX_ATTEMPTS ? "failed" : "pending",
        webhookNextAt: !error || attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + backoffMs(attempts)),
      },
    });
  }
  return { delivered, failed };
}
