// Types of solc.mjs (plain ESM so the build runs without a TypeScript loader).
export interface Artifact {
  abi: readonly Record<string, unknown>[];
  bytecode: `0x${string}`;
}
export type Sources = Record<string, { content: string }>;
export declare const packageDir: string;
export declare const settings: {
  optimizer: { enabled: boolean; runs: number };
  evmVersion: string;
  outputSelection: Record<string, Record<string, string[]>>;
};
export declare function solcVersion(): string;
export declare function readSources(dir: string): Sources;
export declare function compile(
  sources: Sources,
  options?: { cache?: boolean; onWarning?: (message: string) => void },
): Record<string, Artifact>;
