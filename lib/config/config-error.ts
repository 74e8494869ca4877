/** The function's configuration cannot work; every problem found is listed at once. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(`The function is not configured correctly: ${problems.join('; ')}.`, options);
  }
}
