export declare const BUILD_INPUTS: string[];
export declare function newestMtime(path: string): number;
export declare function buildIsStale(root: string, outputs: string[]): boolean;
export declare function runBuild(root: string, stdout?: 'inherit' | 'ignore'): number;
