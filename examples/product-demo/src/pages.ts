/** The pages of Notes, rendered on the server (values escaped by `html`). */
import { html, page } from "./html.ts";
import type { Note } from "./notes.ts";
import type { Session } from "./sessions.ts";

export function signedOutPage(): string {
  return page("Sign in", html`<h1>Notes</h1><p>Notes for your team. Your organization's Atrium decides who may read, write and share.</p>
<p><a href="/login">Sign in with Atrium</a></p>`);
}

export function messagePage(title: string, message: string): string {
  return page(title, html`<h1>${title}</h1><p>${message}</p><p><a href="/">Back to Notes</a></p>`);
}

export interface NotesView {
  session: Session;
  /** null: the person may not read the organization's notes. */
  notes: readonly Note[] | null;
  canWrite: boolean;
  canShare: boolean;
  plan: string;
  exportEnabled: boolean;
}

export function notesPage(view: NotesView): string {
  const { session } = view;
  return page("Notes", html`<header>
  <div><strong>Notes</strong> · <span data-org>${session.organizationName}</span> <span class="muted">(${view.plan} plan)</span></div>
  <div><span data-user>${session.name}</span> <span class="muted" data-roles>${session.roles.join(", ")}</span>
    <form class="inline" method="post" action="/logout"><button>Sign out</button></form></div>
</header>
${view.canWrite ? html`<h2>New note</h2><form method="post" action="/notes"><input name="title" placeholder="Title" required maxlength="200"><textarea name="body" rows="3" placeholder="Write…"></textarea><button>Save note</button></form>` : html`<p class="muted">Your role can read notes but not write them.</p>`}
<h2>Notes</h2>
${view.notes === null ? html`<p>Your role does not let you read this organization's notes.</p>` : view.notes.length === 0 ? html`<p class="muted">No notes yet.</p>` : view.notes.map((note) => noteCard(note, view.canShare))}
<h2>Compliance export</h2>
${view.exportEnabled ? html`<p><a href="/export" data-export>Download every note (JSON)</a></p>` : html`<p class="upgrade" data-upgrade>Compliance export is part of the Enterprise plan. Ask your organization's admin to upgrade.</p>`}`);
}

function noteCard(note: Note, canShare: boolean) {
  return html`<div class="note" data-note="${note.id}"><strong>${note.title}</strong> <span class="muted">by ${note.author}</span>
<p>${note.body}</p>
${note.sharedAt ? html`<span class="muted" data-shared>Shared</span>` : canShare ? html`<form class="inline" method="post" action="/notes/${note.id}/share"><button>Share</button></form>` : ""}</div>`;
}
