/** Runs Notes on PRODUCT_DEMO_PORT (3100): `npm start -w @atrium/product-demo`, or beside Atrium with the root `npm start`. */
import { loadDemoEnv } from "./env.ts";
import { createDemo } from "./server.ts";

const config = loadDemoEnv();
const { server } = createDemo(config);
server.listen(config.port, () => console.log(`[notes] listening on ${config.publicUrl} (Atrium at ${config.atriumUrl})`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
