/** The e-mails Atrium sends, as plain text with a simple HTML alternative. */
export interface RenderedEmail {
  template: string;
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export function layout(paragraphs: string[], action: { label: string; url: string }, footer: string): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("");
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1b1e;max-width:560px;margin:0 auto;padding:24px">
${body}<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#4150f0;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="color:#868e96;font-size:13px">${escapeHtml(footer)}</p></body></html>`;
}

export function invitationEmail(input: {
  organizationName: string;
  inviterName: string | null;
  roleName: string;
  acceptUrl: string;
  expiresAt: Date;
}): RenderedEmail {
  const who = input.inviterName ? `${input.inviterName} invited you` : "You are invited";
  const lines = [
    `${who} to join ${input.organizationName} on Atrium as ${input.roleName}.`,
    `The invitation expires on ${input.expiresAt.toUTCString()}.`,
  ];
  const footer = "If you were not expecting this invitation, you can ignore this e-mail.";
  return {
    template: "invitation",
    subject: `Join ${input.organizationName} on Atrium`,
    text: `${lines.join("\n\n")}\n\nAccept: ${input.acceptUrl}\n\n${footer}\n`,
    html: layout(lines, { label: "Accept the invitation", url: input.acceptUrl }, footer),
  };
}

export function passwordResetEmail(input: { name: string; resetUrl: string; expiresInMinutes: number }): RenderedEmail {
  const lines = [
    `Hello ${input.name},`,
    `Someone (we hope you) asked to reset the password of your Atrium account. The link works once, for ${input.expiresInMinutes} minutes.`,
    "Choosing a new password signs you out of Atrium everywhere else.",
  ];
  const footer = "If you did not ask for this, ignore this e-mail: your password stays as it is.";
  return {
    template: "password_reset",
    subject: "Reset your Atrium password",
    text: `${lines.join("\n\n")}\n\nReset your password: ${input.resetUrl}\n\n${footer}\n`,
    html: layout(lines, { label: "Choose a new password", url: input.resetUrl }, footer),
  };
}
