/**
 * `@atrium/core/secrets`: secrets at rest: the encryption box and key rotation.
 * Exports only what other packages use; everything else stays inside core.
 */
export { DEV_ENCRYPTION_KEY } from "./box.ts";
