/**
 * The one page of the OpenID Provider's interaction Atrium renders itself:
 * choosing the organization to sign in to an application for. Plain HTML,
 * every value escaped, a form of buttons (keyboard and screen-reader usable).
 */
import type { SignInOrganization } from "@atrium/core/oidc-provider";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function organizationPicker(applicationName: string, action: string, organizations: SignInOrganization[]): string {
  const buttons = organizations
    .map((o) => `<li><button type="submit" name="organization" value="${escape(o.id)}">${escape(o.name)}</button></li>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Choose an organization · Atrium</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:10vh auto;padding:0 1rem;color:#1a1b1e}ul{padding:0}li{list-style:none;margin:.5rem 0}
button{width:100%;text-align:left;padding:.7rem 1rem;font-size:1rem;border:1px solid #ced4da;border-radius:6px;background:#fff;cursor:pointer}button:hover,button:focus{border-color:#228be6;outline:2px solid #228be6}</style></head>
<body><main><h1>Choose an organization</h1><p>Which organization do you want to use ${escape(applicationName)} for?</p>
<form method="post" action="${escape(action)}"><ul>${buttons}</ul></form></main></body></html>`;
}

export function refusalPage(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · Atrium</title></head>
<body><main><h1>${escape(title)}</h1><p>${escape(message)}</p></main></body></html>`;
}
