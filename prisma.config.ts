// Prisma CLI configuration. Pledge creates and applies migrations itself (src/db/migrate.ts,
// through Prisma's WASM schema engine), so the CLI is only used for `prisma generate`.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/pledge' },
});
