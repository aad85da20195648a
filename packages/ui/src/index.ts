export { atriumTheme } from "./theme.ts";
export { AtriumProvider } from "./provider.tsx";
export { LoginForm, type LoginFormProps } from "./login-form.tsx";
export { PLAN_COLORS, PLAN_LABELS, REGION_LABELS, ROLE_LABELS } from "./labels.ts";
export { createApiClient, errorMessage, httpStatusOf, signedInOr } from "./api-client.ts";
export { ConfirmModal } from "./confirm-modal.tsx";
export { SecretModal } from "./secret-modal.tsx";
