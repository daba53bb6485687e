// `npm run test:busy [-- <vitest args>]`: the test suite while every core is kept busy by a
// spinning process, as on a shared CI runner or a laptop doing something else. A test that
// passes alone but fails here waits on time rather than on an event; fix the test, not the load.
// One spinner per core, at normal priority (the harsh case); they are stopped when the tests
// end, however they end.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const hogs = Array.from({ length: availableParallelism() }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
const stopHogs = () => hogs.forEach((h) => h.kill('SIGKILL'));
process.on('exit', stopHogs);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const tests = spawn('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
tests.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
