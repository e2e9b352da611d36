/**
 * The memory tests (test/reliability/memory.test.ts) assert on the process's peak RSS, which no
 * process can reset: in a jest worker that already ran other test files, the peak is theirs. So they
 * run alone, one process, after the other unit tests (scripts/test.sh).
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['**/test/reliability/memory.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
};
