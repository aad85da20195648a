export { FormModal, type FormModalProps } from "./form-modal.tsx";
export { humanFieldError, humanFieldErrors } from "./human-errors.ts";
export { serverFieldErrors, useZodForm } from "./use-zod-form.ts";
