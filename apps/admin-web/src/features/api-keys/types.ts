import type { AppRouter } from "@atrium/api";
import type { inferRouterOutputs } from "@trpc/server";

export type ApiKey = inferRouterOutputs<AppRouter>["apiKeys"]["list"][number];

export type ApiKeyStatus = "active" | "expired" | "revoked";

export function statusOf(key: ApiKey, now = new Date()): ApiKeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt <= now) return "expired";
  return "active";
}

/** A new secret to show once: its key's name, and whether it replaced an older one. */
export interface NewSecret {
  name: string;
  token: string;
  rotated: boolean;
}
