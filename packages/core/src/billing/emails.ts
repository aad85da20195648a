/** The billing e-mails: dunning, invoices and quota warnings (plain text with a simple HTML alternative). */
import type { RenderedEmail } from "../email/templates.ts";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function render(template: string, subject: string, paragraphs: string[], action: { label: string; url: string }): RenderedEmail {
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1b1e;max-width:560px;margin:0 auto;padding:24px">
${paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("")}
<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#4150f0;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none">${escapeHtml(action.label)}</a></p></body></html>`;
  return { template, subject, text: `${paragraphs.join("\n\n")}\n\n${action.label}: ${action.url}\n`, html };
}

export function paymentFailedEmail(input: { organizationName: string; amount: string; billingUrl: string }): RenderedEmail {
  return render(
    "billing-payment-failed",
    `Payment failed for ${input.organizationName}`,
    [
      `We could not charge ${input.amount} for ${input.organizationName}'s Atrium subscription.`,
      "Please update the payment method. We will retry the charge; your plan stays active meanwhile.",
    ],
    { label: "Update the payment method", url: input.billingUrl },
  );
}

export function invoiceEmail(input: { organizationName: string; number: string; amount: string; dueDate: string; poNumber: string | null; invoiceUrl: string }): RenderedEmail {
  return render(
    "billing-invoice",
    `Invoice ${input.number} from Atrium (${input.amount})`,
    [
      `Invoice ${input.number} for ${input.organizationName} is ready: ${input.amount}, due ${input.dueDate}.`,
      ...(input.poNumber ? [`Purchase order: ${input.poNumber}.`] : []),
      "The PDF is available in the billing section of the admin console.",
    ],
    { label: "View the invoice", url: input.invoiceUrl },
  );
}

export function invoiceOverdueEmail(input: { organizationName: string; number: string; amount: string; dueDate: string; invoiceUrl: string }): RenderedEmail {
  return render(
    "billing-invoice-overdue",
    `Invoice ${input.number} is overdue`,
    [`Invoice ${input.number} for ${input.organizationName} (${input.amount}) was due on ${input.dueDate} and is still open.`, "Please arrange payment or contact your account team."],
    { label: "View the invoice", url: input.invoiceUrl },
  );
}

export function quotaWarningEmail(input: { organizationName: string; metric: string; threshold: number; used: string; limit: string; billingUrl: string }): RenderedEmail {
  const full = input.threshold >= 100;
  return render(
    "billing-quota-warning",
    full ? `${input.organizationName} reached its ${input.metric} limit` : `${input.organizationName} used ${input.threshold}% of its ${input.metric}`,
    [
      `${input.organizationName} has used ${input.used} of ${input.limit} ${input.metric} this month.`,
      full ? "Further usage is refused until next month or an upgrade." : "Consider upgrading before the limit is reached.",
    ],
    { label: "Review usage and plan", url: input.billingUrl },
  );
}
