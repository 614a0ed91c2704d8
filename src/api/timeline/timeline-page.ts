/**
 * The /timeline page: one HTML template, a stylesheet and a browser script (./assets,
 * copied into dist by the build), drawn with Apache ECharts. ECharts because one
 * library covers all three views: custom series for the lanes and bars, a heatmap for
 * the link matrix, dataZoom for zoom and pan, and an SVG renderer a test can read.
 * `serve` links the assets; `report` inlines them with the data into one file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assetLookup, packageFile } from '../static-assets.js';
import { ENUM_LABELS } from '../types/enums.js';

const assetPath = (name: string): string => fileURLToPath(new URL(`./assets/${name}`, import.meta.url));

const FILES = {
  script: assetPath('timeline.js'),
  style: assetPath('timeline.css'),
  echarts: packageFile('echarts/dist/echarts.min.js'),
};

export const timelineAsset = assetLookup({
  '/timeline/assets/timeline.js': [FILES.script, 'text/javascript'],
  '/timeline/assets/timeline.css': [FILES.style, 'text/css'],
  '/timeline/assets/echarts.min.js': [FILES.echarts, 'text/javascript'],
});

/** The page's GraphQL document: operations `TimelineClusters` and `Timeline`. */
export function timelineQuery(): string {
  return readFileSync(assetPath('timeline.graphql'), 'utf8');
}

interface Slots {
  styles: string;
  scripts: string;
  data: string;
}

function fill(slots: Slots): string {
  const template = readFileSync(assetPath('timeline.html'), 'utf8');
  // The label table comes from the enums' one definition, so the page cannot fall out of step with the schema.
  const values: Record<string, string> = { ...slots, query: timelineQuery(), labels: scriptSafe(JSON.stringify(ENUM_LABELS)) };
  // A function replacer: the inlined code holds `$&`-like sequences a string replacement would expand.
  return template.replace(/<!--(styles|scripts|data|query|labels)-->/g, (_, slot: string) => values[slot]!);
}

/** The page as `serve` sends it: assets by URL, data from /graphql. */
export function timelinePageHtml(): string {
  return fill({
    styles: '<link rel="stylesheet" href="/timeline/assets/timeline.css">',
    scripts: '<script src="/timeline/assets/echarts.min.js"></script>\n<script src="/timeline/assets/timeline.js"></script>',
    data: '',
  });
}

/** Text safe inside a <script> element: no `</script`, no `<!--`. */
export function scriptSafe(text: string): string {
  return text.replace(/<(?=\/script|!--)/gi, '\\u003c');
}

/** One self-contained file: the same page with its assets and the query's result inlined. */
export function timelineReportHtml(variables: { cluster: string; from: string; to: string }, data: unknown): string {
  const read = (p: string) => scriptSafe(readFileSync(p, 'utf8'));
  return fill({
    styles: `<style>\n${readFileSync(FILES.style, 'utf8')}</style>`,
    scripts: `<script>\n${read(FILES.echarts)}\n</script>\n<script>\n${read(FILES.script)}\n</script>`,
    data: `<script type="application/json" id="timeline-data">${scriptSafe(JSON.stringify({ variables, data }))}</script>`,
  });
}
