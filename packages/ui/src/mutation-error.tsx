import { Alert } from "@mantine/core";
import { createContext, useContext, type ReactNode } from "react";
import { errorMessage } from "./api-client.ts";

/** How a refused change is shown; an app replaces it (e.g. a plan gate becomes an upgrade prompt). */
export type MutationErrorView = (error: unknown) => ReactNode;

const defaultView: MutationErrorView = (error) => <Alert color="red" role="alert">{errorMessage(error)}</Alert>;

export const MutationErrorContext = createContext<MutationErrorView>(defaultView);

/** A failed change, in place, as the app's MutationErrorContext draws it; nothing when there is none. */
export function MutationErrorAlert({ error }: { error: unknown }) {
  const view = useContext(MutationErrorContext);
  return error == null ? null : <>{view(error)}</>;
}
