/**
 * @module The one guard between secrets and output. The function, the CLI and the deploy check all
 * register the AccessKey secrets and STS tokens they hold here, and every line they print passes
 * through `redact`, so a secret that reaches a message by accident (echoed by a server, say) is
 * still never shown.
 */

/** Shorter values are not secrets anyone issues, and masking them would garble ordinary text. */
const MIN_SECRET_LENGTH = 8;
export const REDACTED = '[redacted]';

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers values (AccessKey secrets, STS tokens) that must never appear in output. */
  add(...values: Array<string | undefined>): void {
    for (const value of values) if (value && value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }
}
