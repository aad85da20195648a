/** How a licence's state and the reason it is refused read in the portal. */
export const STATE_LABELS = { valid: "Valid", grace: "In grace", expired: "Expired", invalid: "Invalid" } as const;
export const STATE_COLORS = { valid: "green", grace: "orange", expired: "gray", invalid: "red" } as const;
export const REASON_LABELS = {
  malformed: "not a licence",
  unknown_kid: "signing key retired or unknown",
  wrong_key: "key mismatch",
  tampered: "altered",
  revoked: "revoked",
  wrong_installation: "other installation",
  not_yet_valid: "not yet valid",
} as const;
