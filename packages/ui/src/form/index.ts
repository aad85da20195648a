export { FormModal, type FormModalProps } from "./form-modal.tsx";
export { humanFieldError, humanFieldErrors } from "./human-errors.ts";
export { serverFieldErrors, useZodForm, valuesProblems } from "./use-zod-form.ts";
export { numberField } from "./number-field.ts";
export { errorOffFields, ZodForm, type ZodFormProps } from "./zod-form.tsx";
