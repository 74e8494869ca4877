// An esbuild plugin that keeps code the function never runs out of its bundle: ali-oss pulls in,
// through urllib, xml2js and others, modules it uses only in a browser, on Windows, for charsets OSS
// does not send, or not at all (iconv-lite's code tables alone were 46 % of the bundle). Each module
// is replaced by a small stand-in in stand-ins/, and only where the importer named below asks for it,
// so any other importer still gets the real module. Each stand-in says why it is safe.
'use strict';

const { join } = require('node:path');

/** module → the importer (a path inside node_modules) for which its stand-in is used. */
const STAND_INS = [
  { module: 'iconv-lite', importer: /\/urllib\/lib\/urllib\.js$/ },
  { module: 'xmlbuilder', importer: /\/xml2js\/lib\/builder\.js$/ },
  { module: 'platform', importer: /\/ali-oss\/lib\/client\.js$/ },
  { module: 'bowser', importer: /\/ali-oss\/lib\/client\.js$/ },
  { module: 'win-release', importer: /\/os-name\/index\.js$/ },
  { module: 'object-inspect', importer: /\/side-channel(-list|-map|-weakmap)?\/index\.js$/ },
  { module: 'graceful-fs', importer: /\/mz\/fs\.js$/ },
];

const MODULES = new RegExp(`^(${STAND_INS.map((s) => s.module).join('|')})$`);

/** @returns {import('esbuild').Plugin} */
function standIns() {
  return {
    name: 'stand-ins',
    setup(build) {
      build.onResolve({ filter: MODULES }, (args) => {
        const importer = args.importer.split('\\').join('/');
        const standIn = STAND_INS.find((s) => s.module === args.path && s.importer.test(importer));
        return standIn ? { path: join(__dirname, 'stand-ins', `${standIn.module}.cjs`) } : undefined;
      });
    },
  };
}

module.exports = { standIns, STAND_INS };
