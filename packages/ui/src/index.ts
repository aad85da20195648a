export { atriumTheme } from "./theme.ts";
export { AtriumProvider } from "./provider.tsx";
export { LoginForm, type LoginFormProps } from "./login-form.tsx";
export { PLAN_COLORS, PLAN_LABELS, REGION_LABELS, ROLE_LABELS } from "./labels.ts";
export { createApiClient, errorMessage, httpStatusOf, signedInOr } from "./api-client.ts";
export { ConfirmModal, type ConfirmModalProps } from "./confirm-modal.tsx";
export type { ConfirmableMutation } from "./dialog-mutation.ts";
export { SecretModal } from "./secret-modal.tsx";
export {
  DataTable,
  TruncatedText,
  type DataColumn,
  type DataTableProps,
  type DataTableSelection,
  type RowTone,
  searchSort,
  type SortDirection,
  type TableSort,
} from "./data-table/index.ts";
export { FilterSelect, type FilterSelectProps } from "./filters/filter-select.tsx";
export { useFilterText, type FilterText } from "./filters/use-filter-text.ts";
export { LoadError, QueryView, type QueryLike } from "./query-view.tsx";
export { formatBytes, formatCompact, formatCount, formatDate, formatDateTime, formatDays, formatDuration, formatMoney, formatMonth, formatNumber, formatPercent, formatTime } from "@atrium/format";
export { MutationErrorAlert, MutationErrorContext, type MutationErrorView } from "./mutation-error.tsx";
export { fieldError, onlyFieldErrors } from "./field-errors.ts";
export {
  SlaBadge,
  SlaTimers,
  SUPPORT_LEVEL_LABELS,
  TICKET_PRIORITY_LABELS,
  TICKET_STATUS_COLORS,
  TICKET_STATUS_LABELS,
  TicketHeading,
  TicketThread,
  type SlaTimerView,
  type TicketEntry,
  type TicketSide,
} from "./ticket-thread.tsx";
export { ZNewTicketForm, ZTicketMessageForm } from "./ticket-forms.ts";
export { TicketMessageForm, type TicketMessageFormProps } from "./ticket-message-form.tsx";
export { StatCard, LabeledValue, type StatCardProps } from "./stat-card.tsx";
export { PageHeader, type PageHeaderProps } from "./page-header.tsx";
export { SectionCard, type SectionCardProps } from "./section-card.tsx";
export { chartDefaults, niceTicks, type ChartDefaults, type ChartDefaultsInput } from "./charts/index.ts";
export {
  errorOffFields,
  FormModal,
  humanFieldError,
  humanFieldErrors,
  numberField,
  serverFieldErrors,
  useZodForm,
  valuesProblems,
  ZodForm,
  type FormModalProps,
  type ZodFormProps,
} from "./form/index.ts";
export { InvoiceStatusBadge, invoiceColumns, type InvoiceRow, type InvoiceStatus } from "./billing/invoice-columns.tsx";
export { CopyJsonButton, describeValue, KeyValueTree, sameValue, storedJson, type KeyValueNode, type KeyValueTreeProps } from "./key-value/index.ts";
