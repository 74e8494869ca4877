import type { Plugin } from 'esbuild';

/** The modules replaced, each only for the importer its pattern matches. */
export declare const STAND_INS: ReadonlyArray<{ module: string; importer: RegExp }>;
export declare function standIns(): Plugin;
