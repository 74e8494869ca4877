/**
 * @module Where the heavy codecs are loaded from (see codecs.ts). A plain require, resolved at run
 * time: in a built function it is the codecs.js file beside the bundle (esbuild.config.mjs keeps it
 * out of the bundle), in the sources the module itself.
 */
type Codecs = typeof import('./codecs');

let loaded: Codecs | undefined;

export function codecs(): Codecs {
  // A synchronous load on first use, which an import statement cannot be.
  loaded ??= require('./codecs') as Codecs;
  return loaded;
}
