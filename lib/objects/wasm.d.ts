/** A .wasm file imported by the bundle: esbuild's binary loader (and the test transform) turn it into its bytes. */
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
