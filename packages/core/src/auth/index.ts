/**
 * `@atrium/core/auth`: passwords, sessions and sign-in with a password.
 * Exports only what other packages use; everything else stays inside core.
 */
export { createSession, type SessionUser, validateSessionToken, type ValidSession } from "./sessions.ts";
export { hashPassword, MIN_PASSWORD_LENGTH } from "./password.ts";
export { LOGIN_THROTTLE } from "./throttle.ts";
export { loginWithPassword, logout } from "./login.ts";
export { purgeExpiredSessions } from "./cleanup.ts";
export { requestPasswordReset, resetPassword } from "./password-reset.ts";
