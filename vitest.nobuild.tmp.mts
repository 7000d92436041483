import base from './vitest.config.mts'; export default { ...base, test: { ...base.test, globalSetup: [], reporters: ['default'] } };
