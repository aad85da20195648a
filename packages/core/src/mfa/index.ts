/**
 * `@atrium/core/mfa`: TOTP multi-factor authentication: enrollment, sign-in step, org policy.
 * Exports only what other packages use; everything else stays inside core.
 */
export { currentStep } from "./totp.ts";
export { keyFromManualEntry, mfaStatus, startEnrollment } from "./factor.ts";
export { completeLoginEnrollment, completeMfaLogin, startLoginEnrollment } from "./login.ts";
export { confirmMyEnrollment, disableMyMfa, listMemberMfa, regenerateMyRecoveryCodes, resetMemberMfa } from "./service.ts";
export { getMfaPolicy, setMfaPolicy } from "./policy.ts";
