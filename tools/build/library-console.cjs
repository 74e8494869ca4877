// An esbuild plugin that turns a library's `console` output into its `util.debuglog` output, so the
// function's log holds only its own JSON lines. urllib prints a two-part warning with a stack trace
// through console.warn whenever a request with a stream body fails at the connection (its pump and
// its request's error handler both end the request: "callback twice!!!"); ali-oss has already got
// the error by then. The calls go to urllib's own debuglog('urllib') instead, still there to read
// with NODE_DEBUG=urllib.
//
// Each rewrite names how many calls it expects, and the build fails when a library upgrade changes
// that count, so that nobody ships a rewrite that silently no longer applies.
'use strict';

const { readFile } = require('node:fs/promises');

const REWRITES = [
  {
    file: /[\\/]node_modules[\\/]urllib[\\/]lib[\\/]urllib\.js$/,
    /** urllib's own `var debug = require('util').debuglog('urllib')`. */
    needs: "var debug = require('util').debuglog('urllib');",
    from: 'console.warn(',
    to: 'debug(',
    calls: 2,
  },
];

/** @returns {import('esbuild').Plugin} */
function libraryConsoleToDebugLog() {
  return {
    name: 'library-console-to-debuglog',
    setup(build) {
      for (const rewrite of REWRITES) {
        build.onLoad({ filter: rewrite.file }, async (args) => {
          const source = await readFile(args.path, 'utf8');
          const calls = source.split(rewrite.from).length - 1;
          if (calls !== rewrite.calls || !source.includes(rewrite.needs)) {
            return {
              errors: [
                {
                  text:
                    `${args.path}: expected ${rewrite.calls} ${rewrite.from}…) calls and "${rewrite.needs}", found ${calls} calls` +
                    `${source.includes(rewrite.needs) ? '' : ' and no such line'}. The library changed: check what it prints now and ` +
                    'update REWRITES in tools/build/library-console.cjs.',
                },
              ],
            };
          }
          return { contents: source.split(rewrite.from).join(rewrite.to), loader: 'js' };
        });
      }
    },
  };
}

module.exports = { libraryConsoleToDebugLog, REWRITES };
