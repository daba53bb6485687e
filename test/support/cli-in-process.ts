/**
 * A CLI command's function run inside the test process, for what needs no process of its own:
 * argument refusals (answered before anything is opened) and repeat runs where only the output
 * differs. Each CLI test file still spawns the process for what only a process shows (start-up,
 * stdout as a pipe, the exit code), so a process costs seconds only where it proves something.
 */
import { format } from 'node:util';
import { vi } from 'vitest';
import { pledgeMain } from '../../src/cli/main';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in the order they were written. */
  output: string;
}

/** The variables the CLI reads to find its database, configuration and chat platform; all others are left alone. */
const TOOL_ENV = [
  'DATABASE_URL',
  'PLEDGE_DATA_DIR',
  'PLEDGE_CONFIG',
  'SLACK_BOT_TOKEN',
  'SLACK_API_URL',
  'WECOM_CORP_ID',
  'WECOM_AGENT_ID',
  'WECOM_SECRET',
  'WECOM_TOKEN',
  'WECOM_ENCODING_AES_KEY',
  'WECOM_API_URL',
] as const;

export async function runCommand(
  command: (argv: string[]) => Promise<number>,
  argv: string[],
  env: Partial<Record<(typeof TOOL_ENV)[number], string>> = {},
): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  let output = '';
  const out = (text: string) => void ((stdout += text), (output += text));
  const err = (text: string) => void ((stderr += text), (output += text));
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => out(`${format(...args)}\n`)),
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => err(`${format(...args)}\n`)),
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => (out(String(chunk)), true)) as never),
  ];
  for (const name of TOOL_ENV) vi.stubEnv(name, env[name]);
  try {
    const code = await command(argv);
    return { code, stdout, stderr, output };
  } finally {
    for (const spy of spies) spy.mockRestore();
    vi.unstubAllEnvs();
  }
}

/** `pledge <args>` in-process: the CLI's own routing of commands, and its one line for a bad setting. */
export function runPledge(args: string[], env: Parameters<typeof runCommand>[2] = {}): Promise<CommandResult> {
  return runCommand(pledgeMain, args, env);
}
