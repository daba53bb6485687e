// Generates the Prisma client without downloading any engine binary.
// The client runs on the WASM query compiler; generation needs no schema engine, but the CLI
// insists one exists, so we point it at a placeholder file (see DESIGN.md, environment notes).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const placeholder = join(tmpdir(), 'pledge-no-schema-engine');
if (!existsSync(placeholder)) {
  mkdirSync(tmpdir(), { recursive: true });
  writeFileSync(placeholder, 'Pledge migrates through @prisma/schema-engine-wasm; this binary is never run.\n');
}
const result = spawnSync('npx', ['prisma', 'generate'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: placeholder, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
process.exit(result.status ?? 1);
