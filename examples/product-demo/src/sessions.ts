/**
 * Notes' own sessions, kept in memory (a demo: a restart signs everyone out;
 * a real product would keep them in its database or a cache). A session is
 * made at the OpenID Connect callback from the id_token's claims and names
 * the Atrium person (`sub`), the provider session (`sid`) and the organization
 * the person signed in for; back-channel logout and deprovisioning events end
 * sessions by those.
 */
import { randomBytes } from "node:crypto";

export interface Session {
  id: string;
  sub: string;
  sid: string | undefined;
  email: string;
  name: string;
  organizationId: string;
  organizationName: string;
  roles: string[];
  idToken: string;
}

/** An authorization request in flight, keyed by its `state`. */
export interface PendingLogin {
  verifier: string;
  nonce: string;
  createdAt: number;
}

const PENDING_TTL_MS = 10 * 60_000;

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly pending = new Map<string, PendingLogin>();

  create(fields: Omit<Session, "id">): Session {
    const session = { id: randomBytes(32).toString("base64url"), ...fields };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): Session | undefined {
    return id ? this.sessions.get(id) : undefined;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  /**
   * Ends the sessions that match every field given: the person `sub`, the
   * provider session `sid` (a back-channel logout names one sign-in, by `sid`,
   * `sub` or both), the organization (removal from one organization).
   * A match naming neither `sub` nor `sid` ends nothing. Returns how many ended.
   */
  end(match: { sub?: string | undefined; sid?: string | undefined; organizationId?: string | undefined }): number {
    if (match.sub === undefined && match.sid === undefined) return 0; // never "everyone"
    let ended = 0;
    for (const [id, session] of this.sessions) {
      if (match.sub !== undefined && session.sub !== match.sub) continue;
      if (match.sid !== undefined && session.sid !== match.sid) continue;
      if (match.organizationId !== undefined && session.organizationId !== match.organizationId) continue;
      this.sessions.delete(id);
      ended++;
    }
    return ended;
  }

  startLogin(state: string, login: Omit<PendingLogin, "createdAt">): void {
    const now = Date.now();
    for (const [key, value] of this.pending) if (now - value.createdAt > PENDING_TTL_MS) this.pending.delete(key);
    this.pending.set(state, { ...login, createdAt: now });
  }

  /** Takes (once) the pending login of `state`, if it has not expired. */
  takeLogin(state: string): PendingLogin | undefined {
    const login = this.pending.get(state);
    this.pending.delete(state);
    return login && Date.now() - login.createdAt <= PENDING_TTL_MS ? login : undefined;
  }
}
