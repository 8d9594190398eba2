/** Runs the ts code blocks of `<packageDir>/README.md` and resolves with the lines they logged. */
export declare function runReadmeExamples(packageDir: string): Promise<string[]>;
