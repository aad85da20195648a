/**
 * Server-rendered HTML with escaping: every value interpolated into `html`
 * is escaped unless it is itself the result of `html` (a trusted fragment).
 */
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

export const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

type Part = string | number | Html | undefined | null | false | readonly Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escape(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ""), ""));
}

export function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Notes</title>
<style>
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1b1e}
header{display:flex;justify-content:space-between;align-items:center;border-bottom:1px solid #ddd;padding-bottom:.75rem}
.note{border:1px solid #e3e3e3;border-radius:6px;padding:.75rem;margin:.5rem 0}
.muted{color:#666}.upgrade{background:#fff8e1;border:1px solid #f0c36d;border-radius:6px;padding:.75rem}
form.inline{display:inline}input,textarea{width:100%;box-sizing:border-box;margin:.25rem 0}
</style></head>
<body>${body}</body></html>`.value;
}
