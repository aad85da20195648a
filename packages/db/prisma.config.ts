import { defineConfig } from "prisma/config";

// `prisma generate` needs no database. Migrations are applied by the
// project's own runner (src/migrate.ts); `prisma migrate deploy` reads the
// same folder wherever Prisma's schema engine is available.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env["DATABASE_URL"] ?? "postgresql://localhost/atrium" },
});
