import type { UserConfig } from 'vitest/config';

/** Vitest configuration for one package of this repository; `test` overrides the shared test options. */
export declare function driftVitestConfig(test?: UserConfig['test']): UserConfig;
