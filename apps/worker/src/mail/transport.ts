/**
 * Where outgoing mail goes: an SMTP server (nodemailer) when SMTP_URL is set,
 * otherwise files in the data directory — a real RFC 5322 message (.eml) and
 * a JSON summary that the development mail viewer (/dev/mail) lists.
 *
 * Delivery is at least once: a worker that dies between sending and marking
 * the outbox row sent sends it again on retry. Each message's Message-ID is
 * fixed per outbox row, so a receiver can drop the copy; the file transport
 * skips a message it has already written.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";

export interface OutgoingMail {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export interface MailTransport {
  describe: string;
  send(mail: OutgoingMail): Promise<void>;
}

const message = (mail: OutgoingMail) => ({
  from: mail.from,
  to: mail.to,
  subject: mail.subject,
  text: mail.text,
  ...(mail.html ? { html: mail.html } : {}),
  messageId: `<${mail.id}@atrium>`,
});

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    describe: `SMTP ${new URL(url).host}`,
    async send(mail) {
      await transporter.sendMail(message(mail));
    },
  };
}

export function fileTransport(dir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    describe: `files in ${dir}`,
    async send(mail) {
      await mkdir(dir, { recursive: true });
      // Sent already (a worker died before marking the outbox row sent): once is enough. The
      // summary is written last, so its presence means the message was written whole.
      if ((await readdir(dir)).some((f) => f.endsWith(`-${mail.id}.json`))) return;
      const info = await transporter.sendMail(message(mail));
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const base = join(dir, `${stamp}-${mail.id}`);
      await writeFile(`${base}.eml`, info.message as Buffer);
      await writeFile(`${base}.json`, JSON.stringify({ ...mail, sentAt: new Date().toISOString() }, null, 2));
    },
  };
}
