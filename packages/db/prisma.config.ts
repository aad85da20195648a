import { defineConfig } from "prisma/config";

// `prisma generate` needs no database. The schema is a folder, one file per
// domain (Prisma's multi-file schema). Migrations are applied by the project's
// own runner (src/migrate.ts); `prisma migrate deploy` reads the same folder
// wherever Prisma's schema engine is available.
export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env["DATABASE_URL"] ?? "postgresql://localhost/atrium" },
});
