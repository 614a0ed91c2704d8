import { test } from 'node:test';
import assert from 'node:assert/strict';
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
  assert.doesNotMatch(page, /<!--(styles|scripts|data|query)-->/);

  const data = { incidents: [{ summary: 'a </script> in a log line, and $& too' }] };
  const report = timelineReportHtml({ cluster: 'c', from: '2022-08-18T00:00:00Z', to: '2022-08-18T01:00:00Z' }, data);
  const markup = report.replace(/(<(script|style)[^>]*>)[\s\S]*?(<\/\2>)/g, '$1$3');
  assert.deepEqual(markup.match(/\s(src|href)="(?!data:)[^"]*"/g), [' href="/playground"'], 'no URL to fetch (the playground link is hidden in a report)');
  assert.ok(report.length > 1_000_000, 'the chart library is inlined');
  const json = /<script type="application\/json" id="timeline-data">(.*?)<\/script>/s.exec(report)![1]!;
  assert.deepEqual(JSON.parse(json), { variables: { cluster: 'c', from: '2022-08-18T00:00:00Z', to: '2022-08-18T01:00:00Z' }, data });
});
