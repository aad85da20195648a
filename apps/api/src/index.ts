export type { AppRouter } from "./routers/index.ts";
export { buildServer, type ServerOptions } from "./server.ts";
export { loadApiEnv, type ApiEnv } from "./env.ts";
