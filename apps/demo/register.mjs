// Loads tsx (a dependency of this app) so that `pnpm demo` at the repository root runs the TypeScript
// source directly: node --conditions=@drift/source --import ./apps/demo/register.mjs apps/demo/src/cli.ts
import 'tsx';
