// Bar charts as SVG, readable by everyone: each chart is an image with a
// name and a short description for screen readers, and its figures follow
// as a table. Bars run across, each under its label, so that the chart
// fits a phone's width without shrinking its text. No inline styles (the
// portal's CSP forbids them): colours come from the classes in portal.css.
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

/** s builds an SVG element: attributes as given, children appended. */
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const number = new Intl.NumberFormat('de-DE');

// An SVG text does not wrap: a label longer than a phone's width is
// shortened (the table below the chart has it in full).
const MAX_LABEL = 40;
const fit = (text) => (text.length > MAX_LABEL ? text.slice(0, MAX_LABEL - 1).trimEnd() + '…' : text);
let charts = 0;

/**
 * barChart draws one chart with its table.
 *   title:   what the chart shows (the figure's caption and the image's name)
 *   summary: one sentence with the gist, for screen readers
 *   series:  the names of the bars of each row, e.g. ['Anzahl'] or
 *            ['ausgestellt', 'gültig am Jahresende']
 *   rows:    [{ label, values: [n, …], note }]: note marks a row, e.g.
 *            "geplant" for months still to come
 *   head:    the table's first column heading
 */
export function barChart({ title, summary, series, rows, head }) {
  charts += 1;
  const id = `diagramm-${charts}`;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const labelHeight = 20;
  const barHeight = 14;
  const gap = 12;
  const rowHeight = labelHeight + series.length * (barHeight + 3) + gap;
  const legendHeight = series.length > 1 ? series.length * 20 + 6 : 0;
  const height = rows.length * rowHeight + legendHeight;
  const share = (v) => (v / max) * 82; // percent of the width; the rest holds the figure

  const svg = s('svg', { class: 'chart', role: 'img', width: '100%', height, 'aria-labelledby': `${id}-titel ${id}-text` },
    s('title', { id: `${id}-titel` }, title),
    s('desc', { id: `${id}-text` }, summary));
  let y = 0;
  if (series.length > 1) {
    series.forEach((name, i) => {
      svg.append(s('rect', { class: `chart-bar chart-series-${i}`, x: 0, y: i * 20 + 4, width: 12, height: 12 }),
        s('text', { class: 'chart-legend', x: 18, y: i * 20 + 15 }, fit(name)));
    });
    y = legendHeight;
  }
  for (const row of rows) {
    svg.append(s('text', { class: 'chart-label', x: 0, y: y + 15 }, fit(row.note ? `${row.label} (${row.note})` : row.label)));
    row.values.forEach((v, i) => {
      const top = y + labelHeight + i * (barHeight + 3);
      const width = share(v);
      svg.append(
        s('rect', { class: `chart-bar chart-series-${i}${row.note ? ' chart-muted' : ''}`, x: 0, y: top, width: `${width}%`, height: barHeight, rx: 2 }),
        s('text', { class: 'chart-value', x: `${width + 1}%`, y: top + barHeight - 2 }, number.format(v)));
    });
    y += rowHeight;
  }

  const table = h('table', { class: 'data-table' },
    h('caption', {}, `${title}: die Zahlen`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, head), series.map((name) => h('th', { scope: 'col' }, name)))),
    h('tbody', {}, rows.map((row) => h('tr', {},
      h('th', { scope: 'row' }, row.note ? `${row.label} (${row.note})` : row.label),
      row.values.map((v) => h('td', {}, number.format(v)))))));

  return h('figure', { class: 'chart-figure' },
    h('figcaption', {}, title),
    svg,
    h('details', { class: 'chart-data' }, h('summary', {}, `Zahlen als Tabelle: ${title}`), table));
}

/** figure writes a count the German way: 1.234. */
export const formatNumber = (v) => number.format(v);
