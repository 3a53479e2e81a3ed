export declare const KIOSK_PROCESS_ENV: Readonly<Record<string, string>>;
export declare function kioskProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
