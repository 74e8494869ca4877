import type { Plugin } from 'esbuild';

export declare const REWRITES: ReadonlyArray<{ file: RegExp; needs: string; from: string; to: string; calls: number }>;
export declare function libraryConsoleToDebugLog(): Plugin;
