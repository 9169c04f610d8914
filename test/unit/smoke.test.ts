import { buildProgram } from '../../host/cli/program.js';

test('CLI program builds', () => {
  expect(buildProgram().name()).toBe('whorl');
});
