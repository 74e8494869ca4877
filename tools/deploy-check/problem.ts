/** One thing wrong with the deployment, said so a person can fix it. */
export interface Problem {
  message: string;
  /** The `vars` the problem is about, so that one bad setting is reported once, not once per place it lands. */
  vars?: string[];
}
