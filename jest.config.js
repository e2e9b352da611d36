/** Unit and in-process workflow tests. Type checking runs separately (tsc -p tsconfig.test.json). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The memory tests read the process's peak RSS, so they run in a process of their own (jest.memory.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/reliability/memory.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }],
  },
  setupFiles: ['<rootDir>/test/setup.ts'],
  // Every harness run's outputs, errors and logs are scanned for the sandbox's secrets at the end.
  globalSetup: '<rootDir>/test/secretScan.setup.ts',
  globalTeardown: '<rootDir>/test/secretScan.teardown.ts',
  testTimeout: 60000,
};
