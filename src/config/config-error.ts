import { AppError } from '../errors';

/**
 * A deployment mistake, reported before the bot starts. Each problem is one
 * line that names the variable or the config path, so an operator can fix
 * everything in one pass instead of one restart per mistake.
 */
export class ConfigError extends AppError {
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : [...problems];
    super('config', list.join('\n'));
    this.name = 'ConfigError';
    this.problems = list;
  }
}
