/**
 * A steady stream of admin reads and writes against one or more API
 * instances, as Acme's owner: reads (org.get, members.list) and writes that
 * each produce their row and an audit event in one transaction (invitations,
 * which also queue an e-mail, and member role changes). Every answer is kept
 * with the time it arrived, for the checks.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Answer, TrpcClient } from "./http.ts";

export type RequestKind = "read" | "invite" | "role";

export interface Sent {
  kind: RequestKind;
  at: number;
  answer: Answer;
  /** The invited e-mail address, or `userId:roleKey` of a role change. */
  subject?: string;
}

export interface Traffic {
  sent: Sent[];
  /** Answers that arrived at or after `since` (ms epoch). */
  after(since: number): Sent[];
  stop(): Promise<void>;
}

export const INVITE_PREFIX = "fault-";

/** Role changes go to these members (never the owner); each alternates between member and viewer. */
export function startTraffic(clients: TrpcClient[], orgId: string, roleTargets: string[], tag: string): Traffic {
  const sent: Sent[] = [];
  let running = true;
  const loops: Promise<void>[] = [];
  const record = (kind: RequestKind, answer: Answer, subject?: string) => sent.push({ kind, at: Date.now(), answer, subject });
  const pause = () => sleep(20);

  clients.forEach((client, i) => {
    // A reader per client.
    loops.push((async () => {
      for (let n = 0; running; n++) {
        const answer = n % 2 ? await client.query("org.get", { orgId }) : await client.query("members.list", { orgId });
        record("read", answer);
        await pause();
      }
    })());
    // An inviter per client.
    loops.push((async () => {
      while (running) {
        const email = `${INVITE_PREFIX}${tag}-${i}-${randomBytes(4).toString("hex")}@example.com`;
        record("invite", await client.mutate("invitations.create", { orgId, email, roleKey: "member" }), email);
        await pause();
      }
    })());
  });
  // One role changer per target member (spread over the clients), so changes to one member never race.
  roleTargets.forEach((userId, i) => {
    const client = clients[i % clients.length]!;
    loops.push((async () => {
      for (let n = 0; running; n++) {
        const roleKey = n % 2 ? "member" : "viewer";
        record("role", await client.mutate("members.changeRole", { orgId, userId, roleKey }), `${userId}:${roleKey}`);
        await pause();
      }
    })());
  });

  return {
    sent,
    after: (since) => sent.filter((s) => s.at >= since),
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

export function summarize(sent: Sent[]): string {
  const byStatus = new Map<string, number>();
  for (const s of sent) byStatus.set(String(s.answer.status), (byStatus.get(String(s.answer.status)) ?? 0) + 1);
  return `${sent.length} requests (${[...byStatus].map(([status, n]) => `${n}× ${status}`).join(", ")})`;
}
