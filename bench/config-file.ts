/**
 * The configuration every bench runs with: the example config as a team would start with it,
 * e-mails turned into made-up but stable user ids (no Slack to look them up). Apart from
 * bench-config.ts so that an app process (app-process.ts) can read it without loading Pledge.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadPledgeConfig, resolvePeople, type ResolvedConfig } from '../src/config';

const CONFIG_FILE = new URL('../pledge.config.example.yml', import.meta.url);

export async function benchConfig(): Promise<ResolvedConfig> {
  const file = loadPledgeConfig(readFileSync(CONFIG_FILE, 'utf8'), 'pledge.config.example.yml');
  return resolvePeople(file, async (email) => `U${createHash('sha1').update(email).digest('hex').slice(0, 8).toUpperCase()}`);
}
