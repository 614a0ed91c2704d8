// The /timeline page: one cluster over one window, drawn with Apache ECharts.
// Served by `serve` (data from /graphql) and inlined by `report` (data in #timeline-data).
// `load()` fetches and redraws; the served page re-runs it when `dataChanged` says the data moved.
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const QUERY = $('timeline-query').textContent;
  const EMBEDDED = $('timeline-data');
  // GraphQL enum name → the text the logs and the CLI use (PEER_LINK_DOWN → peer.link_down); the server writes it from the model.
  const LABELS = JSON.parse($('timeline-labels').textContent);
  const label = (set, value) => (value === null || value === undefined ? value : (LABELS[set][value] ?? value));
  const LEADERSHIP_LANES = ['ZooKeeper leader', 'meta leader'];
  const SERVICE_COLORS = ['#3b82f6', '#10b981', '#8b5cf6', '#0ea5e9', '#14b8a6', '#6366f1', '#84cc16'];
  const CAUSE_STYLE = {
    crash: { mark: '✖', color: '#dc2626' },
    stop: { mark: '■', color: '#475569' },
    unknown: { mark: '?', color: '#d97706' },
  };

  // ---- time: every instant is shown in UTC and in the cluster's zone ----

  const formatters = new Map();
  function formatter(zone) {
    if (!formatters.has(zone)) {
      formatters.set(
        zone,
        new Intl.DateTimeFormat('en-CA', {
          timeZone: zone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          hourCycle: 'h23',
        }),
      );
    }
    return formatters.get(zone);
  }
  /** `2022-08-18 12:46:03.922` in `zone`. */
  function fmt(ms, zone) {
    const p = Object.fromEntries(
      formatter(zone)
        .formatToParts(new Date(ms))
        .map((x) => [x.type, x.value]),
    );
    const frac = String(((ms % 1000) + 1000) % 1000).padStart(3, '0');
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${frac}`;
  }
  const hms = (ms, zone) => fmt(ms, zone).slice(11, 19);
  const span = (a, b) =>
    `${hms(a, state.zone)}–${b === null ? 'open' : hms(b, state.zone)} ${state.zone} (${hms(a, 'UTC')}–${b === null ? 'open' : hms(b, 'UTC')} UTC)`;
  const ms = (iso) => (iso === null || iso === undefined ? null : Date.parse(iso));
  const secs = (s) => (s === null || s === undefined ? '?' : s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`);

  // ---- data ----

  const state = { cluster: null, from: 0, to: 0, zone: 'UTC', data: null, lanes: null, matrix: null };

  async function graphql(operationName, variables) {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, operationName, variables }),
    });
    const body = await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }));
    if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data;
  }

  /** cluster/from/to from the URL; what is missing comes from the API (the last incident), and the URL is updated so the view can be shared. */
  async function windowFromUrl() {
    const p = new URLSearchParams(location.search);
    // A `+08:00` typed into a URL arrives as a space.
    const param = (k) => (p.get(k) ? p.get(k).replace(/ /g, '+') : null);
    let cluster = p.get('cluster');
    let from = param('from');
    let to = param('to');
    if (!cluster || !from || !to) {
      const { clusters } = await graphql('TimelineClusters', {});
      const known = clusters.filter((c) => c.lastRecord !== null).sort((a, b) => ms(b.lastRecord) - ms(a.lastRecord));
      const c = cluster ? clusters.find((x) => x.name === cluster) : known[0];
      if (!c)
        throw new Error(
          cluster
            ? `unknown cluster "${cluster}"; known: ${clusters.map((x) => x.name).join(', ') || 'none'}`
            : 'the store holds no logs yet: ingest a bundle first',
        );
      if (!c.suggestedWindow && (!from || !to)) throw new Error(`cluster ${c.name} has no records to show`);
      cluster = c.name;
      from = from || c.suggestedWindow.from;
      to = to || c.suggestedWindow.to;
      history.replaceState(null, '', `${location.pathname}?${new URLSearchParams({ cluster, from, to })}`);
    }
    return { cluster, from, to };
  }

  /** Fetches (or reads the inlined report data) and redraws everything. Safe to call again. */
  let loads = 0;
  async function load() {
    const mine = ++loads;
    document.body.dataset.state = 'loading';
    try {
      let variables;
      let data;
      if (EMBEDDED) ({ variables, data } = JSON.parse(EMBEDDED.textContent));
      else {
        variables = await windowFromUrl();
        data = await graphql('Timeline', variables);
      }
      if (mine !== loads) return; // a newer load (a later change) draws instead: answers may arrive out of order
      render(variables, data);
      follow(variables.cluster);
      $('error').hidden = true;
      document.body.dataset.state = 'ready';
    } catch (e) {
      if (mine !== loads) return;
      $('error').textContent = `Could not load the timeline: ${e.message}`;
      $('error').hidden = false;
      document.body.dataset.state = 'error';
    }
  }

  // ---- model: what the charts draw, with the object each mark stands for ----

  function model(variables, data) {
    const cluster = data.clusters.find((c) => c.name === variables.cluster) || {
      name: variables.cluster,
      timeZone: 'UTC',
      nodeDetails: [],
    };
    const seen = [...data.serviceInstances.map((i) => i.node), ...data.nodeOutages.map((o) => o.node)];
    const nodes = [...new Set([...cluster.nodeDetails.map((n) => n.name), ...seen])];
    const services = [...new Set(data.serviceInstances.map((i) => i.service))].sort();
    return {
      cluster,
      nodes,
      aliases: new Map(cluster.nodeDetails.map((n) => [n.name, n.aliases])),
      services,
      lanes: [...nodes, ...LEADERSHIP_LANES],
    };
  }

  function render(variables, data) {
    state.cluster = variables.cluster;
    state.from = ms(variables.from);
    state.to = ms(variables.to);
    state.data = data;
    state.model = model(variables, data);
    state.zone = state.model.cluster.timeZone || 'UTC';
    $('scope').textContent = `cluster ${state.cluster} · ${span(state.from, state.to)}`;
    renderLanes();
    renderMatrix();
    renderIncidents();
  }

  // ---- the lanes: one per node, then ZooKeeper and meta leadership ----

  /** Series name → the objects its data items stand for (clicks look them up). */
  const marks = {};

  function laneGeometry(api, lane) {
    const center = api.coord([state.from, lane])[1];
    const height = api.size([0, 1])[1];
    return { top: center - height * 0.42, height: height * 0.84 };
  }

  function clip(params, shape) {
    const c = params.coordSys;
    return echarts.graphic.clipRectByRect(shape, { x: c.x, y: c.y, width: c.width, height: c.height });
  }

  function bar(params, api, sub, nSub, style, label) {
    const lane = laneGeometry(api, api.value(0));
    const x0 = api.coord([api.value(1), 0])[0];
    const x1 = api.coord([api.value(2), 0])[0];
    const h = lane.height / nSub;
    const rect = clip(params, { x: x0, y: lane.top + sub * h + 1, width: Math.max(x1 - x0, 2), height: Math.max(h - 2, 2) });
    if (!rect) return null;
    const children = [{ type: 'rect', shape: rect, style }];
    if (label && rect.width > label.length * 6)
      children.push({
        type: 'text',
        style: { text: label, x: rect.x + 3, y: rect.y + rect.height / 2, verticalAlign: 'middle', fill: '#fff', fontSize: 10 },
        silent: true,
      });
    return { type: 'group', children };
  }

  /** `clip: false` lets a mark draw outside the plot (the incidents' captions above it); shapes are clipped by hand. */
  function series(name, items, toValue, renderItem, z, clip = true) {
    marks[name] = items;
    return { type: 'custom', name, z, renderItem, encode: { x: [1, 2], y: 0 }, data: items.map(toValue), clip };
  }

  function instanceSeries(m) {
    const items = state.data.serviceInstances;
    return series(
      'instances',
      items,
      (i) => [m.lanes.indexOf(i.node), ms(i.start), ms(i.end)],
      (params, api) => {
        const i = items[params.dataIndex];
        const sub = m.services.indexOf(i.service);
        return bar(
          params,
          api,
          sub,
          m.services.length,
          { fill: SERVICE_COLORS[sub % SERVICE_COLORS.length], opacity: 0.85 },
          `${i.service}${i.pid !== null ? ` ${i.pid}` : ''}`,
        );
      },
      3,
    );
  }

  function restartSeries(m) {
    const items = state.data.serviceRestarts.filter((r) => r.stoppedAt !== null);
    return series(
      'restarts',
      items,
      (r) => [m.lanes.indexOf(r.node), ms(r.stoppedAt), ms(r.startedAt)],
      (params, api) => {
        const r = items[params.dataIndex];
        const sub = m.services.indexOf(r.service);
        const lane = laneGeometry(api, api.value(0));
        const h = lane.height / m.services.length;
        const x0 = api.coord([api.value(1), 0])[0];
        const x1 = api.coord([api.value(2), 0])[0];
        const c = CAUSE_STYLE[label('RestartCause', r.cause)] || CAUSE_STYLE.unknown;
        const y = lane.top + sub * h + h / 2;
        if (x1 < params.coordSys.x || x0 > params.coordSys.x + params.coordSys.width) return null;
        return {
          type: 'group',
          children: [
            {
              type: 'rect',
              shape: { x: x0, y: lane.top + sub * h + 1, width: Math.max(x1 - x0, 1), height: Math.max(h - 2, 2) },
              style: { fill: 'none', stroke: c.color, lineDash: [3, 2] },
            },
            {
              type: 'text',
              style: {
                text: c.mark,
                x: (x0 + x1) / 2,
                y,
                align: 'center',
                verticalAlign: 'middle',
                fill: c.color,
                fontSize: 12,
                fontWeight: 'bold',
              },
            },
          ],
        };
      },
      5,
    );
  }

  function outageSeries(m) {
    const items = state.data.nodeOutages;
    return series(
      'outages',
      items,
      (o) => [m.lanes.indexOf(o.node), ms(o.start), ms(o.end) ?? state.to],
      (params, api) => {
        const g = bar(params, api, 0, 1, { fill: 'rgba(220,38,38,0.16)', stroke: '#dc2626', lineWidth: 1 }, null);
        return g && withLabel(g, items[params.dataIndex].kinds.map((k) => label('OutageEvidenceKind', k)).join(', '));
      },
      4,
    );
  }

  function withLabel(group, text) {
    const r = group.children[0].shape;
    if (r.width > 30)
      group.children.push({
        type: 'text',
        style: { text, x: r.x + 2, y: r.y + 1, fill: '#991b1b', fontSize: 9, width: r.width - 4, overflow: 'truncate' },
        silent: true,
      });
    return group;
  }

  /** ZooKeeper: elections (orange, with their length), the elected leader until the next one; meta: each leader until the next change. */
  function leadershipSeries(m) {
    const zkLane = m.lanes.indexOf(LEADERSHIP_LANES[0]);
    const metaLane = m.lanes.indexOf(LEADERSHIP_LANES[1]);
    const elections = [...state.data.zkElections].sort((a, b) => ms(a.start) - ms(b.start));
    const items = [];
    elections.forEach((e, k) => {
      items.push({
        lane: zkLane,
        start: ms(e.start),
        end: ms(e.end) ?? state.to,
        label: `election ${secs(e.durationSeconds)}`,
        color: '#f59e0b',
        what: 'ZooKeeper election',
        item: e,
      });
      if (e.end !== null && e.leader) {
        const next = elections[k + 1];
        items.push({
          lane: zkLane,
          start: ms(e.end),
          end: next ? ms(next.start) : state.to,
          label: `leader ${e.leader}`,
          color: '#64748b',
          what: 'ZooKeeper leader',
          item: e,
        });
      }
    });
    const metas = [...state.data.metaLeaders].sort((a, b) => ms(a.at) - ms(b.at));
    metas.forEach((c, k) => {
      const next = metas[k + 1];
      items.push({
        lane: metaLane,
        start: ms(c.at),
        end: next ? ms(next.at) : state.to,
        label: `${c.leader}${c.seq !== null ? ` seq ${c.seq}` : ''}`,
        color: '#0f766e',
        what: 'meta leader',
        item: c,
      });
    });
    return series(
      'leadership',
      items,
      (x) => [x.lane, x.start, Math.max(x.end, x.start)],
      (params, api) => {
        const x = items[params.dataIndex];
        if (x.what !== 'ZooKeeper election') return bar(params, api, 0, 1, { fill: x.color, stroke: '#fff', lineWidth: 1 }, x.label);
        // An election lasts seconds: its length goes left of the bar, where the previous leader's label is not.
        const g = bar(params, api, 0, 1, { fill: x.color }, null);
        const r = g && g.children[0].shape;
        if (r)
          g.children.push({
            type: 'text',
            style: {
              text: x.label,
              x: r.x - 3,
              y: r.y + r.height / 2,
              align: 'right',
              verticalAlign: 'middle',
              fill: '#b45309',
              fontSize: 10,
            },
            silent: true,
          });
        return g;
      },
      3,
    );
  }

  /** Incidents: bands across every lane, their scope and start on top (staggered: neighbours' captions would overlap). */
  function incidentSeries() {
    const items = state.data.incidents;
    return series(
      'incidents',
      items,
      (i) => [0, ms(i.start), ms(i.end) ?? state.to],
      (params, api) => {
        const i = items[params.dataIndex];
        const c = params.coordSys;
        const x0 = api.coord([api.value(1), 0])[0];
        const x1 = api.coord([api.value(2), 0])[0];
        const rect = clip(params, { x: x0 - 2, y: c.y, width: Math.max(x1 - x0, 0) + 4, height: c.height });
        if (!rect) return null;
        return {
          type: 'group',
          children: [
            { type: 'rect', shape: rect, style: { fill: 'rgba(250,204,21,0.22)', stroke: '#ca8a04', lineDash: [4, 3] } },
            {
              type: 'text',
              style: {
                text: `${i.scope} ${hms(ms(i.start), state.zone)}`,
                x: rect.x + 3,
                y: c.y - (params.dataIndex % 2 ? 30 : 16),
                fill: '#854d0e',
                fontSize: 10,
                backgroundColor: 'rgba(254,249,195,0.9)',
                padding: [1, 3],
              },
              z2: 10,
              silent: true,
            },
          ],
        };
      },
      1,
      false,
    );
  }

  function timeAxisLabel(v) {
    return `${hms(v, 'UTC')} UTC\n${hms(v, state.zone)} local`;
  }

  function lanesOption(m, zoom) {
    return {
      animation: false,
      grid: { left: 140, right: 30, top: 44, bottom: 90 },
      tooltip: { trigger: 'item', confine: true, formatter: (p) => describe(p.seriesName, marks[p.seriesName][p.dataIndex]).title },
      xAxis: {
        type: 'time',
        min: state.from,
        max: state.to,
        axisLabel: { formatter: timeAxisLabel, hideOverlap: true, lineHeight: 14 },
        splitLine: { show: true, lineStyle: { color: '#eef0f3' } },
      },
      yAxis: {
        type: 'category',
        data: m.lanes,
        inverse: true,
        triggerEvent: true,
        splitArea: { show: true },
        axisLabel: { fontWeight: 'bold' },
      },
      dataZoom: [
        { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter', ...zoom },
        { type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', bottom: 10, labelFormatter: (v) => timeAxisLabel(v), ...zoom },
      ],
      series: [incidentSeries(), instanceSeries(m), outageSeries(m), restartSeries(m), leadershipSeries(m)],
    };
  }

  function renderLanes() {
    const m = state.model;
    $('lanes').style.height = `${Math.max(320, m.lanes.length * 26 * Math.max(2, m.services.length / 2) + 110)}px`;
    const zoom = currentZoom();
    if (!state.lanes) {
      state.lanes = echarts.init($('lanes'), null, { renderer: 'svg' });
      state.lanes.on(
        'click',
        (p) => p.componentType === 'series' && showEvidence(describe(p.seriesName, marks[p.seriesName][p.dataIndex])),
      );
      state.lanes.on('mouseover', (p) => p.componentType === 'yAxis' && showAliases(p));
      state.lanes.on('mouseout', (p) => p.componentType === 'yAxis' && state.lanes.setOption({ title: { show: false } }));
    }
    state.lanes.resize();
    state.lanes.setOption(lanesOption(m, zoom), { notMerge: true });
  }

  /** A redraw keeps the user's zoom. */
  function currentZoom() {
    const z = state.lanes && state.lanes.getOption().dataZoom;
    return z && z[0] ? { start: z[0].start, end: z[0].end } : {};
  }

  function showAliases(p) {
    const aliases = state.model.aliases.get(p.value);
    const text = aliases && aliases.length ? `${p.value}: ${aliases.join(', ')}` : `${p.value}`;
    state.lanes.setOption({
      title: { show: true, text, left: 140, top: 0, textStyle: { fontSize: 11, fontWeight: 'normal', color: '#334155' } },
    });
  }

  // ---- the link matrix: observer × target, coloured by DOWN time in the window ----

  function downSeconds(link) {
    let total = 0;
    for (const i of link.intervals) {
      if (i.state !== 'DOWN') continue;
      const a = Math.max(ms(i.start), state.from);
      const b = Math.min(ms(i.end) ?? state.to, state.to);
      if (b > a) total += (b - a) / 1000;
    }
    return total;
  }

  function renderMatrix() {
    const nodes = state.model.nodes;
    const links = new Map(state.data.peerLinkHistory.map((l) => [`${l.observer}>${l.target}`, l]));
    const cells = [];
    marks.links = [];
    nodes.forEach((obs, y) =>
      nodes.forEach((tgt, x) => {
        if (obs === tgt) return;
        const link = links.get(`${obs}>${tgt}`) || { observer: obs, target: tgt, intervals: [] };
        marks.links.push(link);
        cells.push([x, y, Math.round(downSeconds(link) * 10) / 10]);
      }),
    );
    const failed = cells.filter((c) => c[2] > 0).length;
    const max = Math.max(1, ...cells.map((c) => c[2]));
    $('matrix-caption').textContent = `${failed} of ${cells.length} links were DOWN in the window; click a cell for its intervals`;
    $('matrix').dataset.failedLinks = String(failed);
    if (!state.matrix) {
      state.matrix = echarts.init($('matrix'), null, { renderer: 'svg' });
      state.matrix.on('click', (p) => p.seriesName === 'links' && showEvidence(describe('links', marks.links[p.dataIndex])));
    }
    state.matrix.setOption(
      {
        animation: false,
        grid: { left: 110, right: 20, top: 10, bottom: 90 },
        tooltip: { formatter: (p) => `${nodes[p.value[1]]} → ${nodes[p.value[0]]}: DOWN ${secs(p.value[2])}` },
        xAxis: { type: 'category', data: nodes, name: 'target', nameLocation: 'middle', nameGap: 28, splitArea: { show: true } },
        yAxis: { type: 'category', data: nodes, name: 'observer', inverse: true, splitArea: { show: true } },
        visualMap: {
          min: 0,
          max,
          calculable: false,
          orient: 'horizontal',
          left: 'center',
          bottom: 0,
          text: [`${secs(max)} DOWN`, 'none'],
          inRange: { color: ['#f1f5f9', '#fca5a5', '#b91c1c'] },
        },
        series: [
          {
            name: 'links',
            type: 'heatmap',
            data: cells,
            label: { show: true, formatter: (p) => (p.value[2] > 0 ? secs(p.value[2]) : '') },
            emphasis: { itemStyle: { borderColor: '#1d2330', borderWidth: 1 } },
          },
        ],
      },
      { notMerge: true },
    );
  }

  // ---- incidents list ----

  function renderIncidents() {
    const ol = $('incidents');
    ol.replaceChildren();
    marks.incidents = state.data.incidents;
    state.data.incidents.forEach((i) => {
      const li = document.createElement('li');
      li.dataset.scope = i.scope;
      li.dataset.start = i.start;
      const tag = document.createElement('span');
      tag.className = 'scope';
      tag.textContent = i.scope;
      li.append(tag, ` ${span(ms(i.start), ms(i.end))} — ${i.summary}`);
      li.addEventListener('click', () => showEvidence(describe('incidents', i)));
      ol.append(li);
    });
    if (!state.data.incidents.length) ol.textContent = 'No incident in this window.';
  }

  // ---- evidence: what a mark stands for, and the log lines that justify it ----

  function outagesOf(incident) {
    return state.data.nodeOutages.filter((o) => incident.outages.some((x) => x.node === o.node && x.start === o.start));
  }

  function describe(kind, x) {
    switch (kind) {
      case 'instances':
        return {
          title: `${x.service} pid ${x.pid ?? '?'} on ${x.node}: ${span(ms(x.start), ms(x.end))}, ${x.endedBy ? `ended by ${label('RestartCause', x.endedBy)}` : 'still running at the end of the data'}`,
          notes: x.sources.map((s) => `file ${s}`),
          events: x.evidence,
        };
      case 'restarts':
        return {
          title: `${x.service} on ${x.node} restarted (${label('RestartCause', x.cause)}): down ${secs(x.downtimeSeconds)}, pid ${x.oldPid ?? '?'} → ${x.newPid ?? '?'}, ${span(ms(x.stoppedAt), ms(x.startedAt))}`,
          notes: [],
          events: x.evidence,
        };
      case 'outages':
        return {
          title: `${x.node} outage ${span(ms(x.start), ms(x.end))}: ${x.kinds.map((k) => label('OutageEvidenceKind', k)).join(', ')}`,
          notes: [`services: ${x.services.join(', ') || '-'}`],
          events: x.evidence,
        };
      case 'incidents':
        return {
          title: `${x.scope} incident ${span(ms(x.start), ms(x.end))}: ${x.summary}`,
          notes: [],
          events: outagesOf(x).flatMap((o) => o.evidence),
        };
      case 'leadership':
        return { title: `${x.what}: ${x.label} (${span(x.start, x.end)})`, notes: [], events: x.item.evidence };
      case 'links':
        return {
          title: `${x.observer} → ${x.target}: DOWN ${secs(downSeconds(x))} in the window`,
          notes: x.intervals.map(
            (i) => `${i.state} ${span(ms(i.start), ms(i.end))}${i.endedBy ? `, ended by ${label('LinkEnding', i.endedBy)}` : ''}`,
          ),
          events: x.intervals.flatMap((i) => i.evidence),
        };
      default:
        return { title: kind, notes: [], events: [] };
    }
  }

  function cell(text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }

  function showEvidence(d) {
    $('evidence-title').textContent = d.title;
    $('evidence-hint').hidden = true;
    const body = $('evidence-body');
    body.replaceChildren();
    for (const n of d.notes) {
      const p = document.createElement('p');
      p.className = 'summary';
      p.textContent = n;
      body.append(p);
    }
    const table = document.createElement('table');
    const head = document.createElement('tr');
    ['UTC', state.zone, 'node', 'service', 'kind', 'file:line', 'message'].forEach((h) =>
      head.append(Object.assign(document.createElement('th'), { textContent: h })),
    );
    table.append(head);
    // One line can justify two marks (the line that ends a DOWN interval begins the UP one): show it once.
    const unique = new Map(d.events.map((e) => [`${e.source}:${e.line}:${e.kind}`, e]));
    const events = [...unique.values()].sort((a, b) => ms(a.time) - ms(b.time));
    for (const e of events) {
      const tr = document.createElement('tr');
      tr.className = 'evidence-line';
      tr.append(
        cell(e.time.replace('T', ' ').replace('Z', '')),
        cell(fmt(ms(e.time), state.zone)),
        cell(e.node),
        cell(e.service),
        cell(label('EventKind', e.kind)),
        cell(`${e.source}:${e.line}`, 'src'),
        cell(e.message, 'msg'),
      );
      table.append(tr);
    }
    if (!events.length) body.append(Object.assign(document.createElement('p'), { textContent: 'No log line is attached to this mark.' }));
    else body.append(table);
    $('evidence').scrollIntoView({ block: 'nearest' });
  }

  // ---- live: redraw when new lines are stored (served page only: a report file has no server) ----

  const LIVE_DEBOUNCE_MS = 300; // a worker's poll can store one append in several batches: one redraw for them
  const DATA_CHANGED = 'subscription TimelineLive($cluster: String) { dataChanged(cluster: $cluster) { version } }';
  let live = null;

  /** Subscribes to `dataChanged(cluster)` over graphql-ws (the client the playground serves); each change re-runs load(). */
  async function follow(cluster) {
    if (EMBEDDED || (live && live.cluster === cluster)) return;
    if (live) live.stop();
    live = { cluster, stop: () => {} };
    try {
      const { createClient } = await import('/playground/assets/graphql-ws/client.js');
      const url = new URL('/graphql', location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      const mark = (s) => (document.body.dataset.live = s);
      // Keep retrying: `serve` restarting must not leave the page silently stale.
      const client = createClient({
        url: url.href,
        retryAttempts: Number.MAX_SAFE_INTEGER,
        shouldRetry: () => true,
        on: { connected: () => mark('on'), closed: () => mark('off') },
      });
      let timer;
      const unsubscribe = client.subscribe(
        { query: DATA_CHANGED, variables: { cluster } },
        {
          next: () => {
            clearTimeout(timer);
            timer = setTimeout(load, LIVE_DEBOUNCE_MS);
          },
          error: (e) => console.warn('timeline: live updates stopped', e),
          complete: () => {},
        },
      );
      live.stop = () => {
        clearTimeout(timer);
        unsubscribe();
        client.dispose();
      };
    } catch (e) {
      console.warn('timeline: no live updates', e);
    }
  }

  window.addEventListener('resize', () => {
    if (state.lanes) state.lanes.resize();
    if (state.matrix) state.matrix.resize();
  });
  if (EMBEDDED) document.body.classList.add('report');
  // For the browser tests, and for anything embedding the page that wants a redraw.
  window.timeline = { load, state };
  load();
})();
