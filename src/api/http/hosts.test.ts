import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAllowedHosts, HostGuard } from './hosts.js';

test('Host check: loopback defaults, explicit names, domains, table', () => {
  const loop = new HostGuard(defaultAllowedHosts('127.0.0.1'));
  const named = new HostGuard(['timeline.corp.example', '*.dash.example', '10.0.0.5']);
  const any = new HostGuard(defaultAllowedHosts('0.0.0.0'));
  const cases: [HostGuard, string | undefined, boolean][] = [
    [loop, '127.0.0.1:4000', true],
    [loop, 'localhost:4000', true],
    [loop, 'LOCALHOST.:4000', true],
    [loop, '[::1]:4000', true],
    [loop, 'attacker.example:4000', false],
    [loop, '127.0.0.2:4000', false],
    [loop, undefined, false],
    [named, 'timeline.corp.example', true],
    [named, 'a.dash.example:443', true],
    [named, 'dash.example', false],
    [named, 'evildash.example', false],
    [named, '10.0.0.5:4000', true],
    [named, 'localhost:4000', false],
    [any, 'whatever.example', true],
  ];
  for (const [guard, host, want] of cases) assert.equal(guard.allows(host), want, `${guard.hosts} ${host}`);
});

test('Host check: remembered verdicts stay right, past the memory bound too', () => {
  const loop = new HostGuard(defaultAllowedHosts('127.0.0.1'));
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 200; i++) assert.equal(loop.allows(`evil${i}.example:4000`), false);
    assert.equal(loop.allows('127.0.0.1:4000'), true);
    assert.equal(loop.allows('localhost:4000'), true);
  }
});
