/**
 * A refused SSO sign-in: `reason` is a stable code and `detail` the exact
 * cause; both go to the audit log and the admin's test view, while the person
 * signing in sees a generic page. Its own module because the protocol checks
 * and the identity links that throw it are themselves called by sign-in.ts.
 */
export class SsoLoginError extends Error {
  override name = "SsoLoginError";
  constructor(
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}
