// bouncewatch charts — plain SVG line charts over time, no dependencies, no build step.
//
// One function, lineChart(container, spec), draws (and redraws on resize) a chart of one or more
// series sharing a time axis. The pages call it with the API's series as they are: an array of
// times and, per series, one value per time (null where nothing was recorded: the line breaks).
// Every string is inserted as a text node; nothing here assigns innerHTML.
//
//   lineChart(el, {
//     times: [Date.parse('2026-12-05T13:15:00Z'), ...],      // epoch ms, oldest first
//     series: [{ name: 'Events/s', values: [12.5, null, ...], color: 'var(--brand)' }, ...],
//                                    // dash: true draws a reference line; step: true holds
//                                    // each value until the next (a level that changes at once)
//     format: (v) => v.toFixed(1),                           // y labels, legend, tooltip
//     yMax: 1,                                               // optional: fixed top of the axis
//     integer: true,                                         // optional: counts, no 0.5 ticks
//     height: 160,                                           // optional, px
//     empty: 'No events in this range yet',                  // optional
//   });
//
// Each drawn series is a <path data-series="name" data-points="N"> (N: the points it has), so a
// test can see that real points were drawn.

const SVG = 'http://www.w3.org/2000/svg';
const PAD = { top: 10, right: 12, bottom: 22, left: 52 };
const MINUTE = 60_000;
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * MINUTE);

function svg(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function el(name, className, text, parent) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

/** About `count` round steps covering [0, max]: 1, 2 or 5 times a power of ten, at least `minStep`. */
export function niceTicks(max, count = 4, minStep = 0) {
  if (!(max > 0)) return [0, 1];
  const raw = Math.max(max / count, minStep);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

function timeTicks(from, to, width) {
  const fit = Math.max(2, Math.floor(width / 80));
  const step = TIME_STEPS.find((s) => (to - from) / s <= fit) || TIME_STEPS[TIME_STEPS.length - 1];
  // Local time boundaries: a 3-hour step falls on 03:00, 06:00... of the viewer's clock.
  const offset = new Date(from).getTimezoneOffset() * MINUTE;
  const ticks = [];
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) ticks.push(t);
  return ticks;
}

const clock = (t) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function draw(container, spec) {
  const { times = [], series = [], format = (v) => String(v), height = 160 } = spec;
  container.replaceChildren();
  container.classList.add('chart');
  const width = Math.max(240, Math.floor(container.clientWidth || 600));
  const points = series.map((s) => s.values.filter((v) => v !== null && v !== undefined).length);
  if (times.length === 0 || points.every((n) => n === 0)) {
    el('p', 'chart-empty', spec.empty || 'No data in this range yet.', container);
    return;
  }
  const from = times[0];
  const to = times[times.length - 1];
  const span = Math.max(to - from, MINUTE);
  let top = spec.yMax;
  if (top === undefined) {
    top = 0;
    for (const s of series) for (const v of s.values) if (v !== null && v > top) top = v;
  }
  const ticks = niceTicks(top, 4, spec.integer ? 1 : 0);
  const yTop = ticks[ticks.length - 1];
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (t) => PAD.left + ((t - from) / span) * plotW;
  const y = (v) => PAD.top + plotH - (Math.min(v, yTop) / yTop) * plotH;

  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' }, container);
  const label = spec.label || series.map((s) => s.name).join(', ');
  svg('title', {}, root).textContent = label;
  for (const v of ticks) {
    svg('line', { class: 'chart-grid', x1: PAD.left, x2: width - PAD.right, y1: y(v), y2: y(v) }, root);
    const text = svg('text', { class: 'chart-axis', x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, root);
    text.textContent = format(v);
  }
  for (const t of timeTicks(from, to, plotW)) {
    if (x(t) > width - PAD.right - 16) continue; // its label would be cut at the edge
    const text = svg('text', { class: 'chart-axis', x: x(t), y: height - 6, 'text-anchor': 'middle' }, root);
    text.textContent = clock(t);
  }
  series.forEach((s, i) => {
    let d = '';
    let pen = false;
    s.values.forEach((v, k) => {
      if (v === null || v === undefined || k >= times.length) {
        pen = false;
        return;
      }
      // A step series holds each value until the next one: across first, then up or down.
      if (pen && s.step) d += `L${x(times[k]).toFixed(1)},${y(s.values[k - 1]).toFixed(1)}`;
      d += `${pen ? 'L' : 'M'}${x(times[k]).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    const path = svg('path', { class: 'chart-line', d: d || 'M0,0', 'data-series': s.name, 'data-points': points[i] }, root);
    path.style.stroke = s.color || 'var(--brand)';
    if (s.dash) path.style.strokeDasharray = '5 4';   // a reference line: a threshold
    // A lone point between gaps draws no segment: mark each such point.
    s.values.forEach((v, k) => {
      const lone = v !== null && v !== undefined && (s.values[k - 1] ?? null) === null && (s.values[k + 1] ?? null) === null;
      if (lone && k < times.length) {
        const dot = svg('circle', { class: 'chart-dot', cx: x(times[k]), cy: y(v), r: 2.5 }, root);
        dot.style.fill = s.color || 'var(--brand)';
      }
    });
  });

  const cursor = svg('line', { class: 'chart-cursor', y1: PAD.top, y2: PAD.top + plotH, visibility: 'hidden' }, root);
  const tip = el('div', 'chart-tip', null, container);
  tip.hidden = true;
  const legend = el('ul', 'chart-legend', null, container);
  const latest = series.map((s) => {
    const item = el('li', null, null, legend);
    const swatch = el('span', 'chart-swatch', null, item);
    swatch.style.background = s.color || 'var(--brand)';
    el('span', null, s.name, item);
    const last = [...s.values].reverse().find((v) => v !== null && v !== undefined);
    return el('strong', null, last === undefined ? '–' : format(last), item);
  });
  root.addEventListener('pointermove', (e) => {
    const box = root.getBoundingClientRect();
    const t = from + ((e.clientX - box.left - PAD.left) / plotW) * span;
    let k = 0;
    for (let j = 1; j < times.length; j++) if (Math.abs(times[j] - t) < Math.abs(times[k] - t)) k = j;
    cursor.setAttribute('x1', x(times[k]));
    cursor.setAttribute('x2', x(times[k]));
    cursor.setAttribute('visibility', 'visible');
    tip.hidden = false;
    tip.textContent = `${clock(times[k])}  ` + series
      .map((s) => `${s.name} ${s.values[k] === null || s.values[k] === undefined ? '–' : format(s.values[k])}`)
      .join(' · ');
  });
  root.addEventListener('pointerleave', () => {
    cursor.setAttribute('visibility', 'hidden');
    tip.hidden = true;
  });
  return latest;
}

/** Draws the chart now and again whenever its container changes width. */
export function lineChart(container, spec) {
  draw(container, spec);
  if (container._chartObserver) container._chartObserver.disconnect();
  let width = container.clientWidth;
  container._chartObserver = new ResizeObserver(() => {
    if (container.clientWidth !== width) {
      width = container.clientWidth;
      draw(container, spec);
    }
  });
  container._chartObserver.observe(container);
}
