import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUtcUs, parseIsoToUs, ZoneConverter, validFields, assertTimeZone, TimeZoneError, normalizeTimeZone } from './zone.js';

const iso = (us: number): string => formatUtcUs(us);

test('local time to UTC, table', () => {
  const cases: { name: string; tz: string; local: [number, number, number, number, number, number, number]; utc: string }[] = [
    { name: 'UTC is identity', tz: 'UTC', local: [2022, 8, 18, 12, 46, 0, 433636], utc: '2022-08-18T12:46:00.433636Z' },
    { name: 'Shanghai is +8 all year', tz: 'Asia/Shanghai', local: [2022, 8, 18, 12, 46, 0, 433636], utc: '2022-08-18T04:46:00.433636Z' },
    { name: 'Shanghai across new year', tz: 'Asia/Shanghai', local: [2023, 1, 1, 3, 0, 0, 0], utc: '2022-12-31T19:00:00.000000Z' },
    { name: 'Berlin winter is +1', tz: 'Europe/Berlin', local: [2022, 1, 10, 12, 0, 0, 0], utc: '2022-01-10T11:00:00.000000Z' },
    { name: 'Berlin summer is +2', tz: 'Europe/Berlin', local: [2022, 7, 10, 12, 0, 0, 0], utc: '2022-07-10T10:00:00.000000Z' },
    {
      name: 'Berlin spring-forward gap moves forward',
      tz: 'Europe/Berlin',
      local: [2022, 3, 27, 2, 30, 0, 0],
      utc: '2022-03-27T01:30:00.000000Z',
    },
    {
      name: 'Berlin fall-back overlap takes the earlier instant',
      tz: 'Europe/Berlin',
      local: [2022, 10, 30, 2, 30, 0, 0],
      utc: '2022-10-30T00:30:00.000000Z',
    },
    { name: 'Berlin just after the overlap', tz: 'Europe/Berlin', local: [2022, 10, 30, 3, 0, 0, 0], utc: '2022-10-30T02:00:00.000000Z' },
    { name: 'New York DST', tz: 'America/New_York', local: [2022, 8, 18, 8, 0, 0, 1], utc: '2022-08-18T12:00:00.000001Z' },
    { name: 'Kolkata half-hour offset', tz: 'Asia/Kolkata', local: [2022, 8, 18, 12, 0, 0, 0], utc: '2022-08-18T06:30:00.000000Z' },
    { name: 'leap day exists in 2024', tz: 'UTC', local: [2024, 2, 29, 0, 0, 0, 0], utc: '2024-02-29T00:00:00.000000Z' },
  ];
  for (const c of cases) {
    const z = new ZoneConverter(c.tz);
    assert.equal(iso(z.toUtcUs(...c.local)), c.utc, c.name);
  }
});

test('impossible dates give NaN, table', () => {
  const z = new ZoneConverter('Asia/Shanghai');
  const bad: [string, [number, number, number, number, number, number, number]][] = [
    ['Feb 30', [2022, 2, 30, 1, 0, 0, 0]],
    ['Feb 29 in a common year', [2022, 2, 29, 1, 0, 0, 0]],
    ['month 13', [2022, 13, 1, 1, 0, 0, 0]],
    ['day 0', [2022, 1, 0, 1, 0, 0, 0]],
    ['hour 24', [2022, 1, 1, 24, 0, 0, 0]],
    ['minute 60', [2022, 1, 1, 1, 60, 0, 0]],
  ];
  for (const [name, f] of bad) assert.ok(Number.isNaN(z.toUtcUs(...f)), name);
  assert.equal(validFields(2000, 2, 29, 0, 0, 0), true, '2000 is a leap year');
  assert.equal(validFields(1900, 2, 29, 0, 0, 0), false, '1900 is not');
});

test('unknown zone is a clear error', () => {
  assert.throws(() => assertTimeZone('Mars/Olympus'), TimeZoneError);
  assert.throws(() => new ZoneConverter('Asia/Shangai'), /unknown time zone "Asia\/Shangai"/);
});

test('ISO parsing accepts any offset and returns UTC µs, table', () => {
  const cases: [string, string | null][] = [
    ['2022-08-18T12:46:00Z', '2022-08-18T12:46:00.000000Z'],
    ['2022-08-18T12:46:00+08:00', '2022-08-18T04:46:00.000000Z'],
    ['2022-08-18T12:46:00.123456-0130', '2022-08-18T14:16:00.123456Z'],
    ['2022-08-18 12:46', '2022-08-18T12:46:00.000000Z'],
    ['2022-08-18', '2022-08-18T00:00:00.000000Z'],
    ['2022-02-30T00:00:00Z', null],
    ['yesterday', null],
    ['', null],
  ];
  for (const [input, want] of cases) {
    const us = parseIsoToUs(input);
    if (want === null) assert.ok(Number.isNaN(us), input);
    else assert.equal(formatUtcUs(us), want, input);
  }
});

test("parseIsoToUs in a zone: a time without an offset is that zone's local time; an offset wins, table", () => {
  const shanghai = new ZoneConverter('Asia/Shanghai');
  const cases: [string, string][] = [
    ['2022-08-18T12:46:00', '2022-08-18T04:46:00.000000Z'],
    ['2022-08-18 12:46:00.5', '2022-08-18T04:46:00.500000Z'],
    ['2022-08-18', '2022-08-17T16:00:00.000000Z'],
    ['2022-08-18T12:46:00Z', '2022-08-18T12:46:00.000000Z'],
    ['2022-08-18T12:46:00+02:00', '2022-08-18T10:46:00.000000Z'],
  ];
  for (const [input, want] of cases) assert.equal(formatUtcUs(parseIsoToUs(input, shanghai)), want, input);
  assert.ok(Number.isNaN(parseIsoToUs('2022-02-30T00:00:00', shanghai)));
});

test('zones people type: IANA names and fixed offsets pass, ambiguous abbreviations are refused, table', () => {
  const ok: [string, string][] = [
    ['Asia/Shanghai', 'Asia/Shanghai'],
    ['UTC', 'UTC'],
    ['+08:00', '+08:00'],
    ['+8', '+08:00'],
    ['UTC+8', '+08:00'],
    ['GMT-03:00', '-03:00'],
    ['+0530', '+05:30'],
    ['+00:00', 'UTC'],
  ];
  for (const [input, want] of ok) assert.equal(normalizeTimeZone(input), want, input);
  const refused: [string, RegExp][] = [
    ['CST', /ambiguous.*Asia\/Shanghai.*America\/Chicago/],
    ['cst', /ambiguous/],
    ['IST', /ambiguous.*Asia\/Kolkata.*Europe\/Dublin/],
    ['BST', /ambiguous.*Europe\/London/],
    ['Mars/Olympus', /unknown time zone/],
    ['+15:00', /out of range/],
  ];
  for (const [input, re] of refused)
    assert.throws(
      () => normalizeTimeZone(input),
      (e: Error) => e instanceof TimeZoneError && re.test(e.message),
      input,
    );
});

test('a fixed offset converts both ways', () => {
  const z = new ZoneConverter('+05:30');
  const us = z.toUtcUs(2022, 8, 18, 12, 0, 0, 7);
  assert.equal(iso(us), '2022-08-18T06:30:00.000007Z');
  assert.deepEqual(z.toLocal(us), { year: 2022, month: 8, day: 18, hour: 12, minute: 0, second: 0, micros: 7 });
  const sh = new ZoneConverter('Asia/Shanghai');
  const leap = sh.toUtcUs(2024, 2, 29, 1, 0, 0, 0);
  assert.ok(Number.isNaN(sh.shiftYears(leap, 1)), 'Feb 29 does not exist in 2025');
  assert.equal(iso(sh.shiftYears(leap, 4)), '2028-02-28T17:00:00.000000Z', 'the same wall clock four years on');
});
