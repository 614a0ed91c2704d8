import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isEnumType } from 'graphql';
import { timelineSchema } from '../schema.js';
import { scriptSafe, timelinePageHtml, timelineReportHtml } from './timeline-page.js';

test('inlined text cannot close its <script> element, table', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['"</script><img src=x>"', '"\\u003c/script><img src=x>"'],
    ['"</SCRIPT >"', '"\\u003c/SCRIPT >"'],
    ['"<!-- x"', '"\\u003c!-- x"'],
    ['a < b && c <d', 'a < b && c <d'],
    ['"$& $1"', '"$& $1"'],
  ];
  for (const [input, want] of cases) assert.equal(scriptSafe(input), want, input);
});

test('the served page links its assets; the report inlines them and links nothing', () => {
  const page = timelinePageHtml();
  assert.match(page, /<script src="\/timeline\/assets\/echarts\.min\.js"><\/script>/);
  assert.match(page, /query Timeline\(\$cluster: String!/, 'the GraphQL document is in the page');
  assert.doesNotMatch(page, /<!--(styles|scripts|data|query|labels)-->/);

  const data = { incidents: [{ summary: 'a </script> in a log line, and $& too' }] };
  const report = timelineReportHtml({ cluster: 'c', from: '2022-08-18T00:00:00Z', to: '2022-08-18T01:00:00Z' }, data);
  const markup = report.replace(/(<(script|style)[^>]*>)[\s\S]*?(<\/\2>)/g, '$1$3');
  assert.deepEqual(
    markup.match(/\s(src|href)="(?!data:)[^"]*"/g),
    [' href="/playground"'],
    'no URL to fetch (the playground link is hidden in a report)',
  );
  assert.ok(report.length > 1_000_000, 'the chart library is inlined');
  const json = /<script type="application\/json" id="timeline-data">(.*?)<\/script>/s.exec(report)![1]!;
  assert.deepEqual(JSON.parse(json), { variables: { cluster: 'c', from: '2022-08-18T00:00:00Z', to: '2022-08-18T01:00:00Z' }, data });
});

test("the page's label table holds every value of each enum it labels, as the schema has them", async () => {
  const labels = JSON.parse(
    /<script type="application\/json" id="timeline-labels">(.*?)<\/script>/s.exec(timelinePageHtml())![1]!,
  ) as Record<string, Record<string, string>>;
  const schema = await timelineSchema();
  const script = readFileSync(fileURLToPath(new URL('./assets/timeline.js', import.meta.url)), 'utf8');
  const used = [...new Set([...script.matchAll(/label\('(\w+)'/g)].map((m) => m[1]!))].sort();
  assert.deepEqual(used, ['EventKind', 'LinkEnding', 'OutageEvidenceKind', 'RestartCause']);
  for (const name of Object.keys(labels)) {
    const type = schema.getType(name);
    assert.ok(isEnumType(type), `${name} is an enum of the schema`);
    assert.deepEqual(
      Object.keys(labels[name]!).sort(),
      type
        .getValues()
        .map((v) => v.name)
        .sort(),
      name,
    );
    for (const v of type.getValues()) assert.equal(labels[name]![v.name], v.value, `${name}.${v.name}`);
  }
  for (const set of used) assert.ok(labels[set], `the page labels ${set}`);
  assert.equal(labels.EventKind!.PEER_LINK_DOWN, 'peer.link_down');
  assert.equal(labels.RestartCause!.CRASH, 'crash');
});
