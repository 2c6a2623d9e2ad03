/**
 * The one list of error types the service raises. Workflows throw them as
 * ApplicationFailure types; the API maps each to an HTTP status in one place.
 */
export const ErrorType = {
  NotFound: 'NotFound',
  InvalidTransition: 'InvalidTransition',
  InvalidInput: 'InvalidInput',
  DateInPast: 'DateInPast',
  Forbidden: 'Forbidden',
  Unauthenticated: 'Unauthenticated',
  Conflict: 'Conflict',
  /** A request bigger than a configured limit (a simulation of too many units). */
  TooLarge: 'TooLarge',
  /** Something the server needs is not installed or configured (a font for the PDF report). */
  Unavailable: 'Unavailable',
} as const;
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

export const HTTP_STATUS_OF: Record<ErrorType, number> = {
  NotFound: 404,
  InvalidTransition: 409,
  Conflict: 409,
  InvalidInput: 400,
  DateInPast: 400,
  Forbidden: 403,
  Unauthenticated: 401,
  TooLarge: 413,
  Unavailable: 503,
};

/** An error the API reports to the caller as it is, with the status of its type. */
export class AppError extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
