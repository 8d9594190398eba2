import { driftVitestConfig } from '@drift/config/vitest';

export default driftVitestConfig();
