'use strict';
// Principal's report viewer: no libraries, no network. Every view is drawn from the inline
// report.json at load; each view's root records how many items it shows in data-items.
(function () {
  const R = JSON.parse(document.getElementById('report-data').textContent);
  const SEVERITIES = ['critical', 'high', 'medium', 'low'];

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  function svg(tag, attrs, ...children) {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children.flat(Infinity)) if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    return e;
  }
  const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
  const pct = (x) => Math.round(x * 100) + '%';
  const code = (s) => el('code', null, s);
  // Prose from the repository (its README) and from Principal is Markdown: inline code, bold
  // and emphasis, links and images. It is drawn as nodes, never parsed as HTML; images and
  // badges are dropped, links keep their text and open only http(s) addresses.
  function prose(text) {
    const out = [];
    const s = String(text ?? '')
      .replace(/\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)/g, '')
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/<[^>]+>/g, '');
    const re = /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\[([^\]]+)\]\(([^)\s]+)\)|\*([^*\s][^*]*)\*/g;
    let last = 0;
    let m;
    while ((m = re.exec(s)) !== null) {
      if (m.index > last) out.push(s.slice(last, m.index));
      if (m[1] !== undefined) out.push(el('code', null, m[1]));
      else if (m[2] !== undefined || m[3] !== undefined) out.push(el('b', null, prose(m[2] ?? m[3])));
      else if (m[4] !== undefined) {
        const href = /^https?:\/\//.test(m[5]) ? m[5] : null;
        out.push(href ? el('a', { href, rel: 'noopener noreferrer' }, prose(m[4])) : el('span', null, prose(m[4])));
      } else out.push(el('i', null, prose(m[6])));
      last = re.lastIndex;
    }
    if (last < s.length) out.push(s.slice(last));
    return out;
  }
  function done(view, items) {
    document.getElementById('view-' + view).setAttribute('data-items', String(items));
  }

  // Tooltip.
  const tip = document.getElementById('tooltip');
  function showTip(ev, text) {
    tip.textContent = text;
    tip.hidden = false;
    tip.style.left = Math.min(ev.clientX + 12, window.innerWidth - 430) + 'px';
    tip.style.top = ev.clientY + 12 + 'px';
  }
  function hideTip() { tip.hidden = true; }

  // A sortable table. columns: [{key, label, num, render}]
  function table(columns, rows, opts) {
    opts = opts || {};
    let sortKey = opts.sortKey || null;
    let desc = opts.desc !== undefined ? opts.desc : true;
    const tbody = el('tbody');
    const heads = columns.map((c) =>
      el('th', {
        class: (c.num ? 'num ' : '') + (c.key ? 'sortable' : ''),
        onclick: () => {
          if (!c.key) return;
          if (sortKey === c.key) desc = !desc; else { sortKey = c.key; desc = !!c.num; }
          draw();
        },
      }, c.label));
    const limit = opts.limit || 1000;
    function draw() {
      let list = (opts.filter ? rows.filter(opts.filter) : rows).slice();
      if (sortKey) {
        list.sort((a, b) => {
          const x = a[sortKey], y = b[sortKey];
          const r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
          return desc ? -r : r;
        });
      }
      heads.forEach((h, i) => {
        h.classList.remove('sorted-asc', 'sorted-desc');
        if (columns[i].key && columns[i].key === sortKey) h.classList.add(desc ? 'sorted-desc' : 'sorted-asc');
      });
      tbody.textContent = '';
      for (const row of list.slice(0, limit)) {
        const tr = el('tr', opts.rowAttrs ? opts.rowAttrs(row) : null,
          columns.map((c) => el('td', { class: c.num ? 'num' : null }, c.render ? c.render(row) : String(row[c.key] ?? ''))));
        tbody.appendChild(tr);
        if (opts.onRow) opts.onRow(row, tr);
      }
      if (list.length > limit) {
        tbody.appendChild(el('tr', null, el('td', { colspan: columns.length, class: 'muted' },
          `${fmt(list.length - limit)} more rows are in report.json.`)));
      }
      if (opts.onDraw) opts.onDraw(list.length);
    }
    const t = el('table', null, el('thead', null, el('tr', null, heads)), tbody);
    t.redraw = draw;
    draw();
    return t;
  }

  // ------------------------------------------------------------------ header
  const S = R.summary;
  const name = el('span', null, prose((R.onboarding && R.onboarding.title) || R.repository.name)).textContent;
  document.getElementById('title').textContent = name + ': architecture and risk report';
  document.getElementById('subtitle').textContent =
    `${fmt(S.code_lines)} lines of code in ${fmt(S.files)} files` +
    (R.repository.head ? ` · commit ${R.repository.head.slice(0, 12)}` : '') +
    (R.generated_at ? ` · ${R.generated_at}` : '');

  // ------------------------------------------------------------------ overview
  function overview() {
    const v = document.getElementById('view-overview');
    const cards = [
      ['Health', el('span', { class: 'rating-' + R.health.rating }, R.health.grade ? `${R.health.grade} · ${R.health.rating}` : R.health.rating)],
      ['Lines of code', fmt(S.code_lines)],
      ['Files', fmt(S.files)],
      ['Components', fmt(S.components)],
      ['Dependencies', fmt(S.dependencies)],
      ['Propagation cost', pct(S.propagation_cost)],
    ];
    if (S.commits !== null) {
      cards.push(['Commits', fmt(S.commits)], ['Authors', `${fmt(S.authors)} (${fmt(S.active_authors)} active)`],
        ['Truck factor now', `${fmt(S.current_truck_factor)} (${fmt(S.truck_factor)} by authorship)`]);
    }
    v.appendChild(el('div', { class: 'cards' }, cards.map(([k, x]) => el('div', { class: 'card' }, el('b', null, x), el('span', null, k)))));
    v.appendChild(el('p', null, prose(R.health.explanation)));
    for (const p of R.onboarding.description) v.appendChild(el('p', null, prose(p)));
    v.appendChild(el('h2', null, 'What to act on first'));
    const ol = el('ol');
    for (const r of R.risks.slice(0, 5)) {
      ol.appendChild(el('li', null, el('span', { class: 'sev sev-' + r.severity }, r.severity), ' ', el('b', null, prose(r.plain)), ' ', prose(r.action)));
    }
    if (!R.risks.length) ol.appendChild(el('li', null, 'Nothing: no risk reached the register.'));
    v.appendChild(ol);
    if (R.narrative) {
      v.appendChild(el('h2', null, `A second opinion (${R.narrative.model})`));
      for (const p of R.narrative.text.split(/\n\s*\n/)) v.appendChild(el('p', null, prose(p)));
    }
    v.appendChild(el('h2', null, 'Languages'));
    const max = Math.max(1, ...R.languages.map((l) => l.code_lines));
    v.appendChild(table([
      { key: 'language', label: 'Language' },
      { key: 'files', label: 'Files', num: true, render: (l) => fmt(l.files) },
      { key: 'code_lines', label: 'Lines of code', num: true, render: (l) => fmt(l.code_lines) },
      { label: '', render: (l) => el('span', { class: 'bar', style: `width:${Math.max(1, 200 * l.code_lines / max)}px` }) },
    ], R.languages, { limit: 20 }));
    v.appendChild(el('h2', null, 'Entry points'));
    v.appendChild(table([
      { key: 'path', label: 'File', render: (e) => code(e.path) },
      { key: 'kind', label: 'Kind' },
      { key: 'evidence', label: 'Found by', render: (e) => prose(e.evidence) },
    ], R.onboarding.entry_points, { limit: 30 }));
    v.appendChild(el('h2', null, 'Reading order'));
    v.appendChild(table([
      { label: '#', num: true, render: (r) => String(R.onboarding.reading_order.indexOf(r) + 1) },
      { key: 'path', label: 'File', render: (r) => code(r.path) },
      { key: 'component', label: 'Component' },
      { key: 'fan_in', label: 'Imported by', num: true },
    ], R.onboarding.reading_order));
    done('overview', cards.length + R.risks.slice(0, 5).length);
  }

  // ------------------------------------------------------------------ risks
  function risks() {
    const v = document.getElementById('view-risks');
    const kinds = [...new Set(R.risks.map((r) => r.kind))].sort();
    const sev = el('select', null, el('option', { value: '' }, 'All severities'), SEVERITIES.map((s) => el('option', { value: s }, s)));
    const kind = el('select', null, el('option', { value: '' }, 'All kinds'), kinds.map((k) => el('option', { value: k }, k)));
    const aud = el('select', null, el('option', { value: '' }, 'Everyone'), el('option', { value: 'engineering' }, 'Engineering'), el('option', { value: 'leadership' }, 'Leadership'));
    const q = el('input', { type: 'search', placeholder: 'Filter by text or path' });
    const count = el('span', { class: 'muted' });
    const rows = R.risks.map((r, i) => Object.assign({ rank: i + 1, sevRank: SEVERITIES.indexOf(r.severity) }, r));
    const open = new Set();
    const t = table([
      { key: 'rank', label: '#', num: true },
      { key: 'score', label: 'Score', num: true },
      { key: 'sevRank', label: 'Severity', render: (r) => el('span', { class: 'sev sev-' + r.severity }, r.severity) },
      { key: 'kind', label: 'Kind' },
      { key: 'title', label: 'Risk', render: (r) => prose(r.title) },
      { key: 'audience', label: 'For' },
    ], rows, {
      sortKey: 'rank', desc: false,
      filter: (r) => (!sev.value || r.severity === sev.value) && (!kind.value || r.kind === kind.value) &&
        (!aud.value || r.audience === aud.value) &&
        (!q.value || (r.title + ' ' + r.locations.map((l) => l.path).join(' ')).toLowerCase().includes(q.value.toLowerCase())),
      rowAttrs: () => ({ class: 'risk' }),
      onRow: (r, tr) => {
        const details = () => el('tr', { class: 'details' }, el('td', { colspan: 6 },
          el('p', null, el('b', null, 'Why it matters: '), prose(r.why)),
          el('p', null, el('b', null, 'What to do first: '), prose(r.action)),
          el('p', null, el('b', null, 'In plain words: '), prose(r.plain)),
          el('p', null, el('b', null, 'Evidence: '), Object.entries(r.evidence).map(([k, x]) => `${k} ${Array.isArray(x) ? x.slice(0, 8).join(', ') : x}`).join('; ')),
          r.locations.length ? el('p', null, el('b', null, 'Where: '), r.locations.slice(0, 10).map((l) => code(l.line ? `${l.path}:${l.line}` : l.path)), r.locations.length > 10 ? ` and ${r.locations.length - 10} more` : '') : null));
        tr.addEventListener('click', () => {
          if (open.has(r.id)) { open.delete(r.id); if (tr.nextSibling && tr.nextSibling.classList.contains('details')) tr.nextSibling.remove(); }
          else { open.add(r.id); tr.after(details()); }
        });
        if (open.has(r.id)) tr.after(details());
      },
      onDraw: (n) => { count.textContent = `${n} of ${R.risks.length} risks`; },
    });
    for (const c of [sev, kind, aud]) c.addEventListener('change', t.redraw);
    q.addEventListener('input', t.redraw);
    v.appendChild(el('p', { class: 'muted' }, 'Ranked by score (0 to 100). Click a row for why it matters, what to do, and the evidence; click a column to sort.'));
    v.appendChild(el('div', { class: 'filters' }, sev, kind, aud, q, count));
    v.appendChild(t);
    done('risks', R.risks.length);
  }

  // ------------------------------------------------------------------ code health
  function health() {
    const v = document.getElementById('view-health');
    const H = R.health;
    const graded = R.files.filter((f) => f.health);
    v.appendChild(el('p', null, prose(H.explanation)));
    if (!H.grade) {
      v.appendChild(el('p', null, 'No file could be graded: code health covers the project\'s own source files in the parsed languages.'));
      done('health', 0);
      return;
    }
    v.appendChild(el('p', { class: 'muted' }, `${fmt(H.files)} files with ${fmt(H.code_lines)} lines of code are graded, ` +
      `weighted ${H.change_weighted ? 'by lines and by how often they change' : 'by lines'}. ` +
      'Each file starts at 10 and loses points for each factor below (docs/health.md).'));
    // The distribution: shares of the weighted code in each band, then files by score.
    const bands = [['healthy', 'Healthy (9–10)', '#1a7f37'], ['problematic', 'Problematic (4–9)', '#d4a72c'], ['unhealthy', 'Unhealthy (1–4)', '#cf222e']];
    const W = 600, BH = 28;
    const bar = svg('svg', { width: W, height: BH + 22, role: 'img', 'aria-label': 'Code health distribution' });
    let x = 0;
    for (const [key, label, color] of bands) {
      const w = W * H.distribution[key];
      if (w > 0) {
        const r = svg('rect', { x, y: 0, width: w, height: BH, fill: color });
        r.addEventListener('mousemove', (ev) => showTip(ev, `${label}: ${pct(H.distribution[key])} of the weighted code`));
        r.addEventListener('mouseleave', hideTip);
        bar.appendChild(r);
        if (w > 40) bar.appendChild(svg('text', { x: x + 6, y: 19, fill: '#fff', 'font-size': 13 }, pct(H.distribution[key])));
      }
      x += w;
    }
    bar.appendChild(svg('text', { x: 0, y: BH + 17, 'font-size': 12 }, bands.map(([k, l]) => `${l} ${pct(H.distribution[k])}`).join(' · ')));
    v.appendChild(el('h2', null, 'Distribution'));
    v.appendChild(bar);
    // Lines of code per score bucket (1 to 10).
    const buckets = Array.from({ length: 10 }, () => 0);
    for (const f of graded) buckets[Math.min(9, Math.max(0, Math.floor(f.health.score) - 1))] += f.code_lines;
    const top = Math.max(1, ...buckets);
    const HW = 420, HH = 140;
    const hist = svg('svg', { width: HW, height: HH + 24, role: 'img', 'aria-label': 'Lines of code by health score' });
    buckets.forEach((n, i) => {
      const h = HH * n / top, bw = HW / 10;
      const r = svg('rect', { x: i * bw + 2, y: HH - h, width: bw - 4, height: h, fill: i >= 8 ? '#1a7f37' : i >= 3 ? '#d4a72c' : '#cf222e' });
      r.addEventListener('mousemove', (ev) => showTip(ev, `score ${i + 1}–${i + 2}: ${fmt(n)} lines of code`));
      r.addEventListener('mouseleave', hideTip);
      hist.appendChild(r);
      hist.appendChild(svg('text', { x: i * bw + bw / 2 - 4, y: HH + 16, 'font-size': 12 }, String(i + 1)));
    });
    v.appendChild(el('h2', null, 'Lines of code by score'));
    v.appendChild(hist);
    v.appendChild(el('h2', null, 'Files, least healthy first'));
    v.appendChild(table([
      { key: 'score', label: 'Health', num: true, render: (f) => f.health.score.toFixed(1) },
      { key: 'path', label: 'File', render: (f) => code(f.path) },
      { key: 'code_lines', label: 'Lines of code', num: true, render: (f) => fmt(f.code_lines) },
      { key: 'revisions', label: 'Commits', num: true },
      { label: 'What lowers it', render: (f) => el('span', null, f.health.factors.map((x, i) => [i ? '; ' : '', el('b', null, x.factor), ` −${x.penalty}: `, prose(x.detail)])) },
    ], graded.map((f) => Object.assign({ score: f.health.score }, f)), { sortKey: 'score', desc: false, limit: 200 }));
    v.appendChild(el('h2', null, `Duplicated code (${fmt(S.clone_pairs)} clone pairs, ${fmt(S.duplicated_lines)} lines)`));
    if (!R.clones.length) v.appendChild(el('p', null, 'No token-for-token copies of 50 tokens or more among the graded files.'));
    else v.appendChild(table([
      { key: 'lines', label: 'Lines', num: true },
      { key: 'tokens', label: 'Tokens', num: true },
      { label: 'Here', render: (c) => code(`${c.a.path}:${c.a.start_line}-${c.a.end_line}`) },
      { label: 'And here', render: (c) => code(`${c.b.path}:${c.b.start_line}-${c.b.end_line}`) },
    ], R.clones, { sortKey: 'tokens', limit: 100 }));
    done('health', graded.length);
  }

  // ------------------------------------------------------------------ component graph
  function graph() {
    const v = document.getElementById('view-graph');
    const MAX = 80;
    let comps = R.components.slice().sort((a, b) => b.code_lines - a.code_lines || a.id.localeCompare(b.id));
    const hidden = Math.max(0, comps.length - MAX);
    comps = comps.slice(0, MAX);
    const ids = new Set(comps.map((c) => c.id));
    const cyclic = new Set(R.cycles.components.flatMap((c) => c.members));
    const edges = R.component_edges.filter((e) => ids.has(e.from) && ids.has(e.to));
    v.appendChild(el('p', { class: 'muted' },
      'Components by level: each depends only on those below it, except inside a cycle (red). Hover a component to see its dependencies.' +
      (hidden ? ` The ${MAX} largest of ${R.components.length} components are shown.` : '')));
    if (!comps.length) { v.appendChild(el('p', null, 'No components.')); done('graph', 0); return; }
    const levels = new Map();
    for (const c of comps) { if (!levels.has(c.level)) levels.set(c.level, []); levels.get(c.level).push(c); }
    const order = [...levels.keys()].sort((a, b) => b - a);
    const W = 170, H = 64, PAD = 20;
    const maxRow = Math.max(...[...levels.values()].map((l) => l.length));
    const width = Math.max(600, maxRow * W + PAD * 2);
    const pos = new Map();
    order.forEach((lv, row) => {
      const list = levels.get(lv).sort((a, b) => a.id.localeCompare(b.id));
      const offset = (width - list.length * W) / 2;
      list.forEach((c, i) => pos.set(c.id, { x: offset + i * W + W / 2, y: PAD + row * (H + 40) + H / 2, c }));
    });
    const height = PAD * 2 + order.length * (H + 40);
    const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' });
    root.appendChild(svg('defs', null, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#9aa8ba' }))));
    const edgeEls = [];
    for (const e of edges) {
      const a = pos.get(e.from), b = pos.get(e.to);
      const y1 = a.y + (b.y > a.y ? H / 2 - 14 : -(H / 2 - 14)), y2 = b.y + (b.y > a.y ? -(H / 2 - 14) : H / 2 - 14);
      const my = (y1 + y2) / 2;
      const p = svg('path', {
        d: `M ${a.x} ${y1} C ${a.x} ${my}, ${b.x} ${my}, ${b.x} ${y2}`,
        class: 'gedge' + (cyclic.has(e.from) && cyclic.has(e.to) ? ' cyclic' : ''), 'marker-end': 'url(#arrow)',
      });
      p.dataset.from = e.from; p.dataset.to = e.to;
      edgeEls.push(p); root.appendChild(p);
    }
    const nodeEls = [];
    for (const { x, y, c } of pos.values()) {
      const label = c.id.length > 24 ? '…' + c.id.slice(-23) : c.id;
      const g = svg('g', { class: 'gnode' + (cyclic.has(c.id) ? ' cyclic' : ''), transform: `translate(${x - W / 2 + 8},${y - 14})` },
        svg('rect', { width: W - 16, height: 28, rx: 4 }),
        svg('text', { x: 6, y: 18 }, label));
      g.dataset.id = c.id;
      g.addEventListener('mouseenter', (ev) => {
        const near = new Set([c.id]);
        for (const p of edgeEls) {
          const lit = p.dataset.from === c.id || p.dataset.to === c.id;
          p.classList.toggle('lit', lit); p.classList.toggle('dim', !lit);
          if (lit) { near.add(p.dataset.from); near.add(p.dataset.to); }
        }
        for (const n of nodeEls) n.classList.toggle('dim', !near.has(n.dataset.id));
        showTip(ev, `${c.id}: ${fmt(c.files)} files, ${fmt(c.code_lines)} lines (${c.language}); depends on ${c.depends_on.length}, used by ${c.used_by.length}; instability ${c.instability}` +
          (c.experts.length ? `; ask ${c.experts.map((x) => x.name).join(', ')}` : ''));
      });
      g.addEventListener('mouseleave', () => { hideTip(); for (const p of edgeEls) p.classList.remove('lit', 'dim'); for (const n of nodeEls) n.classList.remove('dim'); });
      nodeEls.push(g); root.appendChild(g);
    }
    v.appendChild(el('div', { class: 'graph-wrap' }, root));
    v.appendChild(el('h2', null, 'Components'));
    v.appendChild(table([
      { key: 'id', label: 'Component' },
      { key: 'files', label: 'Files', num: true },
      { key: 'code_lines', label: 'Lines', num: true, render: (c) => fmt(c.code_lines) },
      { key: 'language', label: 'Language' },
      { key: 'afferent', label: 'Used by', num: true },
      { key: 'efferent', label: 'Depends on', num: true },
      { key: 'instability', label: 'Instability', num: true },
      { key: 'level', label: 'Level', num: true },
    ], R.components, { sortKey: 'code_lines', limit: 500 }));
    done('graph', comps.length);
  }

  // ------------------------------------------------------------------ hotspot treemap
  function hotspots() {
    const v = document.getElementById('view-hotspots');
    const history = R.people !== null;
    // Without history, colour by the largest function's complexity instead.
    const maxCx = Math.max(1, ...R.files.map((f) => f.max_cyclomatic));
    const heat = (f) => history ? f.hotspot : Math.min(1, f.max_cyclomatic / Math.max(30, maxCx));
    const root = { name: '', path: '', children: new Map(), size: 0, heat: 0, files: 0 };
    for (const f of R.files) {
      const parts = f.path.split('/');
      let node = root;
      const size = Math.max(1, f.code_lines);
      const h = heat(f);
      node.size += size; node.heat = Math.max(node.heat, h); node.files++;
      parts.forEach((p, i) => {
        if (!node.children.has(p)) node.children.set(p, { name: p, path: parts.slice(0, i + 1).join('/'), children: new Map(), size: 0, heat: 0, files: 0, file: null });
        node = node.children.get(p);
        node.size += size; node.heat = Math.max(node.heat, h); node.files++;
      });
      node.file = f;
    }
    const crumbs = el('div', { class: 'crumbs' });
    const box = el('div', { id: 'treemap' });
    v.appendChild(el('p', { class: 'muted' },
      (history ? 'Area is lines of code; colour is change frequency × complexity (the hottest file in a folder colours it). ' :
        'No git history: colour is the most complex function\'s cyclomatic complexity. ') + 'Click a folder to zoom in. ',
      el('span', { class: 'legend' }), ' cold → hot'));
    v.appendChild(crumbs);
    v.appendChild(box);
    // Cold grey-blue, through amber, to red; the square root spreads the many small scores.
    const STOPS = [[219, 227, 234], [246, 195, 67], [215, 48, 31]];
    const colour = (h) => {
      const t = Math.sqrt(Math.max(0, Math.min(1, h))) * 2;
      const [a, b] = t < 1 ? [STOPS[0], STOPS[1]] : [STOPS[1], STOPS[2]];
      const u = t < 1 ? t : t - 1;
      return `rgb(${a.map((x, i) => Math.round(x + (b[i] - x) * u)).join(',')})`;
    };
    // Squarified treemap (Bruls, Huizing, van Wijk).
    function squarify(items, x, y, w, h, out) {
      let rest = items.slice();
      while (rest.length) {
        const total = rest.reduce((s, i) => s + i.area, 0);
        if (total <= 0) return;
        const short = Math.min(w, h);
        let row = [], best = Infinity;
        for (const it of rest) {
          const cand = row.concat([it]);
          const s = cand.reduce((a, b) => a + b.area, 0);
          const side = s / short;
          let worst = 0;
          for (const c of cand) { const len = c.area / side; worst = Math.max(worst, Math.max(side / len, len / side)); }
          if (worst > best) break;
          best = worst; row = cand;
        }
        const s = row.reduce((a, b) => a + b.area, 0);
        const side = s / short;
        let off = 0;
        for (const c of row) {
          const len = c.area / side;
          if (w >= h) out.push({ item: c, x: x, y: y + off, w: side, h: len });
          else out.push({ item: c, x: x + off, y: y, w: len, h: side });
          off += len;
        }
        if (w >= h) { x += side; w -= side; } else { y += side; h -= side; }
        rest = rest.slice(row.length);
      }
    }
    let shown = 0;
    // Lays out a folder's children in the rectangle; folders with room show their own
    // children inside, two levels deep. Past 300 children, the smallest are one "more" cell.
    function layout(node, x0, y0, W, H, depth) {
      let kids = [...node.children.values()];
      for (const k of kids) k.parent = node;
      kids.sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
      const LIMIT = depth ? 100 : 300;
      if (kids.length > LIMIT) {
        const rest = kids.slice(LIMIT);
        const other = { name: `${rest.length} more`, path: '', size: rest.reduce((s, k) => s + k.size, 0), heat: Math.max(...rest.map((k) => k.heat)), children: new Map(), files: rest.reduce((s, k) => s + k.files, 0) };
        kids = kids.slice(0, LIMIT).concat([other]);
      }
      const total = kids.reduce((s, k) => s + k.size, 0) || 1;
      const rects = [];
      squarify(kids.map((k) => ({ k, area: (k.size / total) * W * H })), x0, y0, W, H, rects);
      for (const r of rects) {
        const k = r.item.k;
        const isDir = k.children.size > 0;
        const nested = isDir && depth < 1 && r.w > 80 && r.h > 50;
        const d = el('div', {
          class: 'cell' + (isDir ? ' dir' : ''),
          style: `left:${r.x}px;top:${r.y}px;width:${Math.max(0, r.w)}px;height:${Math.max(0, r.h)}px;background:${nested ? '#f3f5f8' : colour(k.heat)}`,
        }, r.w > 40 && r.h > 14 ? k.name + (isDir ? '/' : '') : '');
        const f = k.file;
        const text = f ? `${f.path}: ${fmt(f.code_lines)} lines, ${f.revisions} commits, complexity ${f.complexity}, hotspot ${f.hotspot}` + (f.main_author ? `, main author ${f.main_author}` : '')
          : `${k.path || k.name}: ${fmt(k.files)} files, ${fmt(k.size)} lines, hottest ${k.heat.toFixed(2)}`;
        d.addEventListener('mousemove', (ev) => { ev.stopPropagation(); showTip(ev, text); });
        d.addEventListener('mouseleave', hideTip);
        if (isDir) d.addEventListener('click', (ev) => { ev.stopPropagation(); hideTip(); draw(k); });
        box.appendChild(d);
        shown++;
        if (nested) layout(k, r.x + 2, r.y + 16, r.w - 4, r.h - 18, depth + 1);
      }
    }
    function draw(node) {
      crumbs.textContent = '';
      const chain = [];
      for (let n = node; n; n = n.parent) chain.unshift(n);
      chain.forEach((n, i) => {
        if (i) crumbs.appendChild(document.createTextNode(' / '));
        crumbs.appendChild(i === chain.length - 1 ? el('b', null, n.name || R.repository.name) : el('a', { onclick: () => draw(n) }, n.name || R.repository.name));
      });
      box.textContent = '';
      const W = box.clientWidth || 1000, H = box.clientHeight || 560;
      shown = 0;
      layout(node, 0, 0, W, H, 0);
      done('hotspots', shown);
    }
    // Start at the first folder with more than one child.
    let start = root;
    while (start.children.size === 1 && [...start.children.values()][0].children.size > 0) {
      const only = [...start.children.values()][0]; only.parent = start; start = only;
    }
    draw(start);
    window.addEventListener('resize', () => { if (document.getElementById('view-hotspots').classList.contains('active')) draw(start); });
    v.redraw = () => draw(start);
    v.appendChild(el('h2', null, 'Top hotspots'));
    v.appendChild(history && R.hotspots.length ? table([
      { key: 'path', label: 'File', render: (h) => code(h.path) },
      { key: 'revisions', label: 'Commits', num: true },
      { key: 'complexity', label: 'Complexity', num: true },
      { key: 'score', label: 'Score', num: true },
    ], R.hotspots, { sortKey: 'score', limit: 50 }) : el('p', null, history ? 'No file has both changes and complexity yet.' : 'No git history.'));
  }

  // ------------------------------------------------------------------ coupling
  function coupling() {
    const v = document.getElementById('view-coupling');
    if (R.people === null) { v.appendChild(el('p', null, 'No git history, so no change coupling.')); done('coupling', 0); return; }
    const only = el('input', { type: 'checkbox', id: 'hidden-only' });
    const count = el('span', { class: 'muted' });
    const t = table([
      { key: 'a', label: 'File', render: (c) => code(c.a) },
      { key: 'b', label: 'Changes with', render: (c) => code(c.b) },
      { key: 'shared', label: 'Shared commits', num: true },
      { key: 'degree', label: 'Degree', num: true, render: (c) => el('span', null, el('span', { class: 'bar', style: `width:${Math.round(c.degree * 60)}px` }), ' ', pct(c.degree)) },
      { key: 'explained_by_import', label: 'Import?', render: (c) => c.explained_by_import ? 'yes' : el('span', { class: 'pill' }, 'hidden') },
      { key: 'cross_component', label: 'Across components?', render: (c) => c.cross_component ? 'yes' : 'no' },
    ], R.coupling, {
      sortKey: 'degree', limit: 300,
      filter: (c) => !only.checked || !c.explained_by_import,
      onDraw: (n) => { count.textContent = `${n} pairs`; },
    });
    only.addEventListener('change', t.redraw);
    v.appendChild(el('p', { class: 'muted' }, 'Pairs of files that change in the same commits (degree: shared commits over their average commits). Hidden pairs have no import between them: an implicit contract.'));
    v.appendChild(el('div', { class: 'filters' }, only, el('label', { for: 'hidden-only' }, 'Hidden coupling only'), count));
    v.appendChild(t);
    done('coupling', R.coupling.length);
  }

  // ------------------------------------------------------------------ knowledge
  function knowledge() {
    const v = document.getElementById('view-knowledge');
    const P = R.people;
    if (P === null) { v.appendChild(el('p', null, 'No git history, so nothing is known about ownership.')); done('knowledge', 0); return; }
    v.appendChild(el('div', { class: 'cards' },
      el('div', { class: 'card' }, el('b', null, String(P.current_truck_factor)), el('span', null, 'Truck factor now')),
      el('div', { class: 'card' }, el('b', null, String(P.truck_factor)), el('span', null, 'By authorship, all history')),
      el('div', { class: 'card' }, el('b', null, fmt(P.knowledge_islands.length)), el('span', null, 'Files only one person knows')),
      el('div', { class: 'card' }, el('b', null, fmt(P.authors.filter((a) => a.active && !a.bot).length)), el('span', null, 'Active authors'))));
    if (P.current_truck_factor_authors.length) {
      v.appendChild(el('p', null, `If ${P.current_truck_factor_authors.join(' and ')} left, more than half of the source files someone knows today would have nobody left who knows them (an active person with a fifth of the lines, authorship, or 2 commits of the last year). ${fmt(P.orphaned_lines)} of ${fmt(P.counted_lines)} lines of source have nobody active who knows them already.`));
    }
    const comps = R.components.filter((c) => c.revisions);
    const two = el('div', { class: 'two' });
    two.appendChild(el('div', null, el('h2', null, 'Components'), table([
      { key: 'id', label: 'Component' },
      { key: 'truck_factor', label: 'Truck factor (authorship)', num: true },
      { key: 'nactive', label: 'Who knows it now', num: true },
      { label: 'Ask', render: (c) => c.experts.map((e) => e.name + (e.active ? '' : ' (inactive)')).join(', ') || 'nobody on record' },
      { key: 'knowledge_island', label: 'Island?', render: (c) => c.knowledge_island ? el('span', { class: 'pill' }, 'island') : '' },
    ], comps.map((c) => Object.assign({ nactive: (c.knowers || []).length }, c)), { sortKey: 'truck_factor', desc: false, limit: 300 })));
    const maxC = Math.max(1, ...P.authors.map((a) => a.commits));
    two.appendChild(el('div', null, el('h2', null, 'People'), table([
      { key: 'name', label: 'Author' },
      { key: 'commits', label: 'Commits', num: true, render: (a) => el('span', null, fmt(a.commits), ' ', el('span', { class: 'bar', style: `width:${Math.max(1, Math.round(80 * a.commits / maxC))}px` })) },
      { key: 'files', label: 'Files authored', num: true },
      { key: 'last', label: 'Last commit' },
      { key: 'active', label: 'Active?', render: (a) => a.bot ? 'bot' : a.active ? 'yes' : 'no' },
    ], P.authors, { sortKey: 'commits', limit: 200 })));
    v.appendChild(two);
    if (P.knowledge_islands.length) {
      v.appendChild(el('h2', null, 'Knowledge islands'));
      const byPath = new Map(R.files.map((f) => [f.path, f]));
      v.appendChild(table([
        { key: 'path', label: 'File', render: (f) => code(f.path) },
        { key: 'main_author', label: 'Known by' },
        { key: 'code_lines', label: 'Lines', num: true },
      ], P.knowledge_islands.map((p) => byPath.get(p) || { path: p, main_author: '', code_lines: 0 }), { sortKey: 'code_lines', limit: 200 }));
    }
    done('knowledge', comps.length + P.authors.length);
  }

  // ------------------------------------------------------------------ cycles
  function cycles() {
    const v = document.getElementById('view-cycles');
    const C = R.cycles;
    let n = 0;
    for (const [what, list] of [['components', C.components], ['files', C.files]]) {
      v.appendChild(el('h2', null, `Cycles between ${what} (${list.length})`));
      if (!list.length) { v.appendChild(el('p', null, `No cycles between ${what}.`)); continue; }
      v.appendChild(table([
        { key: 'size', label: 'Size', num: true },
        { label: 'Shortest loop', render: (c) => el('span', null, c.path.map((p, i) => [i ? ' → ' : '', code(p)])) },
        { label: 'Remove to break', render: (c) => el('span', null, c.break_edges.slice(0, 5).map(([a, b], i) => [i ? ', ' : '', code(`${a} → ${b}`)]), c.break_edges.length > 5 ? ` and ${c.break_edges.length - 5} more` : '') },
      ], list, { sortKey: 'size', limit: 100 }));
      n += list.length;
    }
    done('cycles', n);
  }

  // ------------------------------------------------------------------ tabs
  for (const b of document.querySelectorAll('#tabs button')) {
    b.addEventListener('click', () => {
      for (const x of document.querySelectorAll('#tabs button')) x.classList.toggle('active', x === b);
      for (const s of document.querySelectorAll('.view')) s.classList.toggle('active', s.id === 'view-' + b.dataset.view);
      const view = document.getElementById('view-' + b.dataset.view);
      if (view.redraw) view.redraw();
      try { if (location.hash !== '#' + b.dataset.view) window.history.replaceState(null, '', '#' + b.dataset.view); } catch (_) { /* some file:// contexts refuse */ }
    });
  }
  overview(); risks(); health(); graph(); hotspots(); coupling(); knowledge(); cycles();
  const initial = location.hash.slice(1);
  const tab = initial && document.querySelector(`#tabs button[data-view="${initial}"]`);
  if (tab) tab.click();
  document.body.setAttribute('data-ready', 'true');
  document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
})();
