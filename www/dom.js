// Small DOM helpers used by every view: lookups, building translated markup, table
// rows (as nodes, their texts set as text) and downloads. Nothing here knows about lessons or numbers.

import { translate } from './i18n.js';

/** The first element under `root` matching `selector`. */
export const $ = (root, selector) => root.querySelector(selector);

/** The element with this id. */
export const byId = (id) => document.getElementById(id);

/** Sets `el`'s text only when it differs: an unchanged write still replaces the text node and relayouts. */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Sets an attribute only when it differs (an unchanged write still restyles). */
export function setAttr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Builds a view's markup into its section once, translated. */
export function build(section, markup) {
  section.innerHTML = markup;
  translate(section);
}

/**
 * A <tr> of `cells` (texts), each in a `tag` cell (td, or th for a head row); `className`, when
 * given, is the row's class ('' still writes class="", as the rows always had).
 */
export function tableRow(cells, { className, tag = 'td' } = {}) {
  const tr = document.createElement('tr');
  if (className !== undefined) tr.className = className;
  tr.append(...cells.map((text) => {
    const cell = document.createElement(tag);
    cell.textContent = String(text);
    return cell;
  }));
  return tr;
}

/** Rows of a <tbody> from arrays of cell texts; `cls(row, i)` may add a class to a row. */
export function fillRows(tbody, rows, cls = () => '') {
  tbody.replaceChildren(...rows.map((cells, i) => tableRow(cells, { className: cls(cells, i) })));
}

/** Saves `blob` as a file named `filename` (the browser's download). */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
