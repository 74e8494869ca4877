import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Checks that each FC handler string (`<file>.<export>`, e.g. `index.handler`) names a function
 * exported by that file of the code folder. The bundle is loaded in a child process, as the FC
 * runtime would load it, so that whatever it does on load cannot affect the check.
 */
export async function checkHandlers(codeDir: string, handlers: Record<string, unknown>): Promise<string[]> {
  const problems: string[] = [];
  const byFile = new Map<string, { setting: string; exportName: string }[]>();
  for (const [setting, handler] of Object.entries(handlers)) {
    const match = typeof handler === 'string' ? /^([\w./-]+)\.([A-Za-z_$][\w$]*)$/.exec(handler) : null;
    if (match === null) {
      problems.push(`${setting} = ${JSON.stringify(handler)} must be <file>.<export>, e.g. index.handler`);
      continue;
    }
    const file = `${match[1]}.js`;
    byFile.set(file, [...(byFile.get(file) ?? []), { setting, exportName: match[2] as string }]);
  }
  for (const [file, wanted] of byFile) {
    const path = join(codeDir, file);
    const fromCwd = relative(process.cwd(), path);
    const shown = fromCwd.startsWith('..') ? path : fromCwd;
    if (!existsSync(path)) {
      problems.push(`${shown} does not exist, so ${wanted.map((w) => w.setting).join(' and ')} cannot be checked: run npm run build`);
      continue;
    }
    let exported: Record<string, string>;
    try {
      exported = await exportTypes(path);
    } catch (error) {
      problems.push(`${shown} fails to load, as it would in Function Compute: ${(error as Error).message.trim()}`);
      continue;
    }
    for (const { setting, exportName } of wanted) {
      if (exported[exportName] !== 'function') {
        const found = Object.keys(exported).filter((name) => exported[name] === 'function');
        problems.push(
          `${setting} = "${file.replace(/\.js$/, '')}.${exportName}", but ${shown} exports no function ${exportName}` +
            ` (its exported functions: ${found.length > 0 ? found.join(', ') : 'none'})`,
        );
      }
    }
  }
  return problems;
}

// Prints the type of each export, or the load error as the runtime would report it.
const PROBE =
  'let r;try{const m=require(process.argv[1]);r={exports:{}};for(const k of Object.keys(m))r.exports[k]=typeof m[k]}' +
  'catch(e){r={error:String(e)}}process.stdout.write(JSON.stringify(r))';

function exportTypes(path: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', PROBE, path], { timeout: 30_000 }, (error, stdout, stderr) => {
      let result: { exports?: Record<string, string>; error?: string } | undefined;
      try {
        result = JSON.parse(stdout) as typeof result;
      } catch {
        // the bundle ended the process while loading; what it printed says why
      }
      if (result?.exports !== undefined) resolve(result.exports);
      else reject(new Error(result?.error ?? (stderr.trim() || error?.message || 'it exited while loading')));
    });
  });
}
