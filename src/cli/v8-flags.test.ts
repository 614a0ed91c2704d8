import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMAND_V8_FLAGS, flagsFor, missingFlags } from './v8-flags.js';

test('flagsFor: the flags of the command an argument list runs, table', () => {
  const cases: { name: string; args: string[]; want: readonly string[] }[] = [
    { name: 'serve', args: ['serve', '--port', '0'], want: COMMAND_V8_FLAGS.serve! },
    { name: 'an option before the command', args: ['--debug', 'serve'], want: COMMAND_V8_FLAGS.serve! },
    { name: 'ingest keeps the default heap', args: ['ingest', 'bundle.tar.gz'], want: [] },
    { name: 'help about serve is not serve', args: ['help', 'serve'], want: [] },
    { name: 'no command', args: ['--version'], want: [] },
    { name: 'nothing', args: [], want: [] },
    { name: 'a name Object.prototype has', args: ['constructor'], want: [] },
  ];
  for (const c of cases) assert.deepEqual(flagsFor(c.args), c.want, c.name);
});

test('missingFlags: only what the process was not started with', () => {
  assert.deepEqual(missingFlags(['--a', '--b=1'], ['--b=1', '--c']), ['--a']);
  assert.deepEqual(missingFlags(['--b=1'], ['--b=1']), []);
  assert.deepEqual(missingFlags([], []), []);
});
