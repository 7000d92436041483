/** How errors go into structured log lines (src/log.ts): enough to find the cause, bounded in size. */

/** Stack frames kept per error, and causes followed: enough to find the line, bounded so one log line stays small. */
const MAX_STACK_LINES = 12;
const MAX_CAUSES = 3;
const MAX_MESSAGE_CHARS = 1_000;

/** An error as log detail: name, message, stack and causes (bounded), never just `String(error)`. */
export function errorDetail(error: unknown): { error: LoggedError } {
  return { error: describe(error, 0) };
}

interface LoggedError {
  name?: string;
  message: string;
  code?: string;
  stack?: string[];
  cause?: LoggedError;
}

function describe(error: unknown, depth: number): LoggedError {
  if (!(error instanceof Error)) return { message: clip(String(error)) };
  const code = (error as { code?: unknown }).code;
  const stack = error.stack
    ?.split('\n')
    .slice(1, 1 + MAX_STACK_LINES)
    .map((line) => line.trim());
  return {
    name: error.name,
    message: clip(error.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(stack && stack.length > 0 ? { stack } : {}),
    ...(error.cause !== undefined && depth < MAX_CAUSES ? { cause: describe(error.cause, depth + 1) } : {}),
  };
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}
