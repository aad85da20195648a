/**
 * `@atrium/core/security`: the IP allowlist and limits on stored text.
 * Exports only what other packages use; everything else stays inside core.
 */
export { findUnstorableText, textProblemMessage } from "./text.ts";
export { listAllowlist, replaceAllowlist } from "./ip-allowlist.ts";
export { getSessionPolicy, setSessionPolicy, ZSessionPolicyInput } from "./session-policy.ts";
