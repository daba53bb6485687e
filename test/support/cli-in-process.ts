/**
 * A CLI command's function run inside the test process, for what needs no process of its own:
 * argument refusals (answered before anything is opened) and repeat runs where only the output
 * differs. Each CLI test file still spawns the process for what only a process shows (start-up,
 * stdout as a pipe, the exit code), so a process costs seconds only where it proves something.
 */
import { format } from 'node:util';
import { vi } from 'vitest';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The variables the CLI reads to find its database, configuration and Slack; all others are left alone. */
const TOOL_ENV = ['DATABASE_URL', 'PLEDGE_DATA_DIR', 'PLEDGE_CONFIG', 'SLACK_BOT_TOKEN', 'SLACK_API_URL'] as const;

export async function runCommand(
  command: (argv: string[]) => Promise<number>,
  argv: string[],
  env: Partial<Record<(typeof TOOL_ENV)[number], string>> = {},
): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void (stdout += `${format(...args)}\n`)),
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void (stderr += `${format(...args)}\n`)),
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => ((stdout += String(chunk)), true)) as never),
  ];
  for (const name of TOOL_ENV) vi.stubEnv(name, env[name]);
  try {
    return { code: await command(argv), stdout, stderr };
  } finally {
    for (const spy of spies) spy.mockRestore();
    vi.unstubAllEnvs();
  }
}
