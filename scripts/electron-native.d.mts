/** Types for scripts/electron-native.mjs (imported by the tests). */
export declare const NATIVE_ROOT: string;
export declare const NATIVE_PKG: string;
export declare const NATIVE_FILE: string;
export declare const NATIVE_STAMP: string;
export declare function cleanBuildEnv(source?: Record<string, string | undefined>): Record<string, string | undefined>;
export declare function checkBuiltForElectron(file: string, abi: string): string | null;
