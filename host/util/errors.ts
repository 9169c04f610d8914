/**
 * Base class of every error Whorl throws on purpose. `code` is a stable machine-readable name,
 * `context` carries the facts needed to act on the error (paths, ports, addresses, counts) and
 * `cause` the underlying error, if any. The CLI prints `message` as one line and exits non-zero.
 */
export class WhorlError extends Error {
  readonly code: string;
  readonly context: Record<string, unknown>;

  constructor(code: string, message: string, options: { context?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.context = options.context ?? {};
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, context: this.context };
  }
}

/** Formats any thrown value as one line for a CLI. */
export function oneLine(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
