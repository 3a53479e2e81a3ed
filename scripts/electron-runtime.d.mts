export declare function electronRuntimePath(): string | null;
