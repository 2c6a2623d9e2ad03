import { z } from 'zod';

/** One problem with an input, located by its path (e.g. `phases.1.tasks.0.due.date`). */
export interface InputProblem {
  path: string;
  message: string;
}

export function describeIssues(error: z.ZodError): InputProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
}

/** Thrown by domain parsers; carries every problem so that callers can show them all at once. */
export class InvalidInputError extends Error {
  constructor(
    readonly what: string,
    readonly problems: InputProblem[],
  ) {
    super(`${what} is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'InvalidInputError';
  }
}

/** Parses with a schema, turning a zod failure into an {@link InvalidInputError} that names each path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new InvalidInputError(what, describeIssues(result.error));
  return result.data;
}
