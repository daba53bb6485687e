import { ConfigError } from '../../src/config';

/** The problems a ConfigError lists, or none when `run` passes; any other error is rethrown. */
export function configProblems(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
