/**
 * Development only: the mail the worker wrote to files (no SMTP configured),
 * at /dev/mail, so invitation links can be clicked without a mail server.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";

interface StoredMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  sentAt: string;
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

async function readMail(dir: string): Promise<StoredMail[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const mails = await Promise.all(
    names.filter((n) => n.endsWith(".json")).map(async (n) => JSON.parse(await readFile(join(dir, n), "utf8")) as StoredMail),
  );
  return mails.sort((a, b) => b.sentAt.localeCompare(a.sentAt));
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:900px;margin:24px auto;padding:0 16px;color:#1a1b1e}
table{border-collapse:collapse;width:100%}td,th{padding:8px;border-bottom:1px solid #dee2e6;text-align:left}
iframe{width:100%;height:480px;border:1px solid #dee2e6;border-radius:8px}pre{white-space:pre-wrap;background:#f8f9fa;padding:12px;border-radius:8px}</style>
</head><body>${body}</body></html>`;

export function registerDevMail(app: FastifyInstance, mailDir: string) {
  app.get("/dev/mail", async (_req, reply) => {
    const mails = await readMail(mailDir);
    const rows = mails
      .map((m) => `<tr><td>${escape(new Date(m.sentAt).toLocaleString())}</td><td>${escape(m.to)}</td><td><a href="/dev/mail/${escape(m.id)}">${escape(m.subject)}</a></td></tr>`)
      .join("");
    return reply
      .type("text/html")
      .send(page("Development mail", `<h1>Development mail</h1><p>Mail the worker wrote to ${escape(mailDir)} (no SMTP_URL set).</p><table><thead><tr><th>Sent</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows || '<tr><td colspan="3">No mail yet.</td></tr>'}</tbody></table>`));
  });

  app.get<{ Params: { id: string } }>("/dev/mail/:id", async (req, reply) => {
    const mail = (await readMail(mailDir)).find((m) => m.id === req.params.id);
    if (!mail) return reply.code(404).type("text/plain").send("No such message.");
    const html = mail.html ? `<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escape(mail.html)}"></iframe>` : "";
    return reply
      .type("text/html")
      .send(page(mail.subject, `<p><a href="/dev/mail">← All mail</a></p><h1>${escape(mail.subject)}</h1><p>To ${escape(mail.to)}</p>${html}<h2>Text</h2><pre>${escape(mail.text)}</pre>`));
  });
}
