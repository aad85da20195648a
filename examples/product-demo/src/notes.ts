/** Notes, kept in memory per organization (a demo: they are gone after a restart). */
import { randomUUID } from "node:crypto";

export interface Note {
  id: string;
  title: string;
  body: string;
  author: string;
  createdAt: Date;
  sharedAt: Date | null;
}

export class NoteStore {
  private readonly byOrganization = new Map<string, Note[]>();

  list(organizationId: string): readonly Note[] {
    return this.byOrganization.get(organizationId) ?? [];
  }

  create(organizationId: string, fields: Pick<Note, "title" | "body" | "author">): Note {
    const note: Note = { id: randomUUID(), ...fields, createdAt: new Date(), sharedAt: null };
    this.byOrganization.set(organizationId, [note, ...this.list(organizationId)]);
    return note;
  }

  /** The organization's note `id`; another organization's note is not found. */
  get(organizationId: string, id: string): Note | undefined {
    return this.list(organizationId).find((note) => note.id === id);
  }
}
