/**
 * The group robots' keys (群机器人 / 消息推送), from the environment variables that groups name
 * with `channel: robot:<variable>` in pledge.config.yml. A key lets anyone post to its group, so
 * it lives in the environment, and no message here ever repeats it: only its length.
 */
import { parseDestination, robotKeyFrom } from '../wecom/group-destination';
import { ConfigError } from './config-error';

const WHERE = "the group chat's 群机器人 -> 消息推送 (webhook) address, https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…, or the key alone";

/**
 * The key of every robot a group sends to, by variable name. Throws ConfigError with one line
 * per variable that is missing or holds no key, naming the group and the variable.
 */
export function loadRobotKeys(groups: readonly { id: string; channel: string }[], env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const keys = new Map<string, string>();
  const problems: string[] = [];
  for (const group of groups) {
    const destination = parseDestination(group.channel);
    if (destination?.kind !== 'robot' || keys.has(destination.variable)) continue;
    const name = destination.variable;
    const value = env[name]?.trim();
    const key = value ? robotKeyFrom(value) : undefined;
    if (key) keys.set(name, key);
    else if (problems.every((p) => !p.startsWith(`${name} `))) {
      problems.push(
        value
          ? `${name} must hold a group robot's webhook address or key (letters, digits and -), as group "${group.id}" sends to robot:${name} (got ${value.length} characters).`
          : `${name} is not set: group "${group.id}" sends to robot:${name} (its channel in pledge.config.yml). Set it to ${WHERE}.`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return keys;
}
