/** Types for scripts/linux-sandbox.mjs (imported by the tests). */
export interface HelperStat {
  uid: number;
  mode: number;
}
export interface SandboxFacts {
  appArmorRestricts: string | null;
  cloneAllowed: string | null;
  maxUserNamespaces: string | null;
  helper: string;
  helperStat: HelperStat | null;
}
export declare function readSandboxFacts(electronBinary: string): SandboxFacts;
export declare function userNamespaceBlocker(facts: SandboxFacts): string | null;
export declare function isHelperSetUp(stat: HelperStat | null): boolean;
export declare function diagnoseLinuxSandbox(facts: SandboxFacts, platform?: string): string | null;
