/**
 * End-to-end tests against a real n8n 2.41.1 (run under Node 24 from the cache that
 * scripts/install-n8n.sh fills). globalSetup installs n8n if needed and builds + packs this
 * package once; every test gets its own throwaway N8N_USER_FOLDER.
 *
 *   npm run test:e2e
 *
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	// Each `n8n` command boots n8n (several seconds); a first install takes minutes but happens
	// in globalSetup, which has no timeout.
	testTimeout: 300000,
	slowTestThreshold: 60,
	maxWorkers: 1,
};
