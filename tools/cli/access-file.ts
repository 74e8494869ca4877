import { createDecipheriv, createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isJsonObject } from '../../lib/platform/json';
import { CliError } from './cli-error';

/** One alias of the Serverless Devs credentials file, as `s config add` writes it. */
export interface AccessEntry {
  AccountID?: string;
  AccessKeyID?: string;
  AccessKeySecret?: string;
  SecurityToken?: string;
}

export interface AccessFile {
  path: string;
  aliases: Record<string, AccessEntry>;
}

/**
 * `s` keeps its files in `$serverless_devs_config_home/.s` (default: the home directory), and the
 * credentials in `access.yaml` there (`access.yml` is accepted too). Returns undefined when there is none.
 */
export function readAccessFile(env: NodeJS.ProcessEnv): AccessFile | undefined {
  const root = join(env.serverless_devs_config_home || env.HOME || homedir(), '.s');
  const path = [join(root, 'access.yaml'), join(root, 'access.yml')].find((candidate) => existsSync(candidate));
  if (path === undefined) return undefined;

  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch {
    // The parser's message may quote the file's lines, and those hold secrets.
    throw new CliError(
      `${path} is not valid YAML. Recreate the alias with 's config add', or use the ALIBABA_CLOUD_* environment variables.`,
    );
  }
  const aliases: Record<string, AccessEntry> = {};
  if (isJsonObject(document)) {
    for (const [alias, fields] of Object.entries(document)) {
      if (isJsonObject(fields)) aliases[alias] = decryptEntry(fields);
    }
  }
  return { path, aliases };
}

function decryptEntry(fields: Record<string, unknown>): AccessEntry {
  const entry: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string' || typeof value === 'number') entry[name] = decryptValue(String(value));
  }
  return entry;
}

/**
 * `s config add` stores every value encrypted with CryptoJS `AES.encrypt(value, 'SecretKey123')`:
 * base64 of `Salted__` + 8-byte salt + AES-256-CBC ciphertext, key and IV from OpenSSL's
 * EVP_BytesToKey (MD5, one round). Like `s`, a value that does not decrypt is taken as plain text,
 * so hand-written files work too.
 */
const PASSPHRASE = Buffer.from('SecretKey123', 'utf8');
const SALTED = Buffer.from('Salted__', 'latin1');

export function decryptValue(value: string): string {
  const data = Buffer.from(value, 'base64');
  if (data.length < 32 || !data.subarray(0, 8).equals(SALTED)) return value;
  const salt = data.subarray(8, 16);
  const { key, iv } = bytesToKey(salt);
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    const plain = Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
    return plain === '' ? value : plain;
  } catch {
    return value;
  }
}

function bytesToKey(salt: Buffer): { key: Buffer; iv: Buffer } {
  let derived = Buffer.alloc(0);
  let block = Buffer.alloc(0);
  while (derived.length < 48) {
    block = createHash('md5')
      .update(Buffer.concat([block, PASSPHRASE, salt]))
      .digest();
    derived = Buffer.concat([derived, block]);
  }
  return { key: derived.subarray(0, 32), iv: derived.subarray(32, 48) };
}
