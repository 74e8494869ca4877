import { FcStandIn } from './fc-stand-in';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../tools/cli/run-cli';

export const ACCESS_KEY_ID = 'LTAI5tStandInKeyId';
export const SECRET = 'Secret-Value-9f2c-never-print';
export const TOKEN = 'Sts-Token-7d1e-never-print';
export const ACCOUNT_ID = '1234567890123456';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process with the given environment and working folder. s.yaml is looked for from
 * `cwd` up to `ceiling`, by default the working folder itself, so no file outside the test counts.
 */
export async function runWith(argv: string[], env: NodeJS.ProcessEnv, cwd: string, ceiling = cwd): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env,
    cwd,
    ceiling,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** Credentials as FC-style environment variables, with a HOME that has no Serverless Devs file. */
export function envCredentials(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    HOME: home,
    ALIBABA_CLOUD_ACCESS_KEY_ID: ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
    ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
    ALIBABA_CLOUD_ACCOUNT_ID: ACCOUNT_ID,
    ...extra,
  };
}

/** Temp directories removed by `removeAll`. */
export class TempDirs {
  private dirs: string[] = [];

  make(): string {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-oss-sink-cli-'));
    this.dirs.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** An FC stand-in for one test file: started once, its request log and temp dirs cleared after each test. */
export function useFcStandIn(): { standIn: FcStandIn; dirs: TempDirs; endpoint: () => string } {
  const standIn = new FcStandIn();
  const dirs = new TempDirs();
  let endpoint = '';
  beforeAll(async () => {
    endpoint = await standIn.start();
  });
  afterAll(() => standIn.stop());
  afterEach(() => {
    standIn.requests.length = 0;
    dirs.removeAll();
  });
  return { standIn, dirs, endpoint: () => endpoint };
}
