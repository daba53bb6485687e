/**
 * Errors with stable codes. The code picks the i18n message shown to the user;
 * `params` fill it in. The English `message` is for logs only.
 */
export type ErrorCode =
  | 'not_found'
  | 'not_allowed'
  | 'stale'
  /** Another request of the complaint waits for its answer (params: who, reference). */
  | 'request_waiting'
  | 'invalid_input'
  | 'no_route'
  | 'no_owner'
  | 'config'
  | 'storage';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
