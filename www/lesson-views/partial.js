// The HTML partials of the views (www/views/*.html) hold placeholders for pieces of markup
// written once, in www/views/pieces/ (filled in by ./pieces.js) or ../views/lab-part.html: a lab
// panel, a lesson part's opening, a labelled field, a chart figure, a learning-rate slider, step
// buttons, a code listing, a lab job's run / cancel buttons with its progress bar and status line
// (the ids lab-job.js expects), and the #/gd1 / #/gd2 controls card pieces; and the card
// skeletons (`data-part`): a view's header with the book's section number, a titled card, a
// table in its scroll box, a chart card, controls beside a chart, a numbered part. expandPartial
// fills them in; every view builds its markup through it. The page shell (index.html) uses the
// same placeholders for its training charts, headers and fields, expanded in place at boot
// (expandPlaceholders). The code here only chooses pieces and fills them (ids, i18n keys,
// attributes, the markup a placeholder held); it writes no markup of its own.

import labPart from '../views/lab-part.html?raw';
import { chartMarkup, logSliderMarkup } from './chart-tools.js';
import { codeListing } from './code-listings.js';
import { expandPieces, fill, piece } from './pieces.js';

/**
 * The data attributes `names` (camelCase, as in `dataset`) of placeholder `el`, taken off it:
 * what stays on it (class, id, data-key…) passes to the markup that replaces it.
 */
function take(el, ...names) {
  const values = {};
  for (const name of names) {
    values[name] = el.dataset[name];
    delete el.dataset[name];
  }
  return values;
}

/** The attributes left on placeholder `el` but data-part, as markup (` class="…" id="…"`). */
function ownAttributes(el) {
  return [...el.attributes].filter((a) => a.name !== 'data-part')
    .map((a) => ` ${a.name}="${a.value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`).join('');
}

/**
 * A view's header: `<header data-part="view-head" [data-num="4.4"] data-title="nav.lr"
 * data-intro="lr.intro" [data-title-id="…"]>` gets its h1 (the book's section number if it has
 * one, the title) and intro; what the placeholder holds (tabs, part links) follows them.
 */
function viewHead(el) {
  const { num, title, intro, titleId } = take(el, 'num', 'title', 'intro', 'titleId');
  const heading = piece(num ? 'view-title-numbered' : 'view-title', { id: titleId, num, title });
  return piece('view-head', { heading, intro, content: el.innerHTML });
}

/**
 * The classes and attributes of a panel made from placeholder `el`, for a piece's
 * `class="… {classes}"{attributes}`: its classes after the piece's, its other attributes.
 */
function panelValues(el) {
  const classes = [...el.classList].map((c) => ` ${c}`).join('');
  el.removeAttribute('class');
  return { classes, attributes: ownAttributes(el) };
}

/**
 * A titled card: `<section data-part="card" data-title-id="x-title" data-title="key"
 * [data-heading="h3"] [data-hidden-title] [data-hint="key"] class="…">` becomes a panel labelled
 * by its heading (h2 unless data-heading says otherwise; data-hidden-title keeps it for screen
 * readers only), the placeholder's classes after "panel lesson-card", then the hint and the
 * placeholder's content.
 */
function card(el) {
  const { titleId, title, heading = 'h2', hint, hiddenTitle } = take(el, 'titleId', 'title', 'heading', 'hint', 'hiddenTitle');
  return piece('card', {
    titleId,
    title,
    heading,
    headingClass: hiddenTitle === undefined ? '' : 'visually-hidden',
    hint: hint ? piece('hint', { key: hint }) : '',
    ...panelValues(el),
    content: el.innerHTML,
  });
}

/**
 * A chart in a card of its own: `<div data-part="chart-card" data-id="chart id" [data-focusable]
 * class="…" id="…">` is a panel (classes after "panel lesson-card chart-card") with the chart
 * first and the placeholder's content (a log-scale switch, say) under it.
 */
function chartCard(el) {
  const chart = chartPart(el);
  return piece('chart-card', { chart, ...panelValues(el), content: el.innerHTML });
}

/** `<div data-part="chart" data-id="…" [data-focusable] [data-label-key="…"]>`: chartMarkup. */
function chartPart(el) {
  const { id, focusable, labelKey = '' } = take(el, 'id', 'focusable', 'labelKey');
  return chartMarkup(id, { focusable: focusable !== undefined, labelKey });
}

/**
 * A table in its keyboard-scrollable box: `<table data-part="scroll-table" data-label="id"
 * [data-box="id"] [data-box-class="tall"] class="…" id="…"><thead>…</thead></table>` goes into a
 * `.table-scroll` group labelled by #data-label, with an empty tbody after its head unless it has one.
 */
function scrollTable(el) {
  const { label, box, boxClass } = take(el, 'label', 'box', 'boxClass');
  if (!el.tBodies.length) el.tHead.after(el.ownerDocument.createElement('tbody'));
  return piece('scroll-table', {
    label, box, boxClass: boxClass ? ` ${boxClass}` : '', attributes: ownAttributes(el), content: el.innerHTML,
  });
}

/**
 * Controls beside a chart: `<div data-part="chart-grid" data-chart="chart id" data-card="card id">`
 * is a lesson grid of the placeholder's content (a controls card) and the chart's card.
 */
function chartGrid(el) {
  const { chart, card: cardId } = take(el, 'chart', 'card');
  return piece('chart-grid', { chart, card: cardId, content: el.innerHTML });
}

/**
 * A part of a view numbered as in the book: `<section data-part="numbered-part" data-num="4.8"
 * data-title="key" data-title-id="id" [data-intro="key"] id="…" tabindex="-1">` opens with its
 * heading (number and title) and intro, then the placeholder's content.
 */
function numberedPart(el) {
  const { num, title, titleId, intro } = take(el, 'num', 'title', 'titleId', 'intro');
  return piece('numbered-part', {
    num, title, titleId, intro: intro ? piece('intro', { key: intro }) : '', attributes: ownAttributes(el), content: el.innerHTML,
  });
}

/** Placeholders `<div data-part="…" data-id="…">` (and the elements above), filled from their data attributes. */
const PARTS = {
  card,
  'chart-card': chartCard,
  'chart-grid': chartGrid,
  chart: chartPart,
  'numbered-part': numberedPart,
  // data-key (a lesson's; data-key="" for none), data-label, data-hint, data-described-by: see
  // logSliderMarkup; what the placeholder holds follows the hint.
  'log-slider': (el) => logSliderMarkup(el.dataset.id, {
    key: el.dataset.key, label: el.dataset.label, hint: el.dataset.hint, after: el.innerHTML, describedBy: el.dataset.describedBy,
  }),
  // An explanation in paragraphs: data-keys="a.1 a.2 …" are their texts' keys.
  paragraphs: (el) => el.dataset.keys.split(' ').map((key) => piece('paragraph', { key })).join('\n'),
  'scroll-table': scrollTable,
  // Step / Run / Reset, the buttons of a descent that grows one step at a time: data-id="prefix"
  // gives their ids prefix-step, prefix-run and prefix-reset.
  'step-buttons': (el) => piece('step-buttons', { id: el.dataset.id }),
  // A chart of the training view (index.html; ../charts.js draws it): its canvas data-id="id",
  // the Save buttons id-png and id-csv (wired by ../train-view.js), its caption id-desc.
  'train-chart': (el) => piece('train-chart', { id: el.dataset.id }),
  'view-head': viewHead,
};

/**
 * The `data-part` placeholders under `root` replaced in place, one at a time from the outside in
 * (a card's markup may hold a table placeholder). The page shell (index.html) has some too.
 */
export function expandPlaceholders(root) {
  for (let el; (el = root.querySelector('[data-part]'));) el.outerHTML = PARTS[el.dataset.part](el);
  labelFields(root);
}

/**
 * Each `<div class="field" data-label="key">` gets the label (text `key`) of its first control:
 * before it, or after it in a checkbox field (`.field.check`).
 */
function labelFields(root) {
  for (const field of root.querySelectorAll('.field[data-label]')) {
    const control = field.querySelector('input, select, output');
    const label = field.ownerDocument.createElement('label');
    label.htmlFor = control.id;
    label.dataset.i18n = field.dataset.label;
    if (field.classList.contains('check')) control.after(label);
    else control.before(label);
    field.removeAttribute('data-label');
  }
}

function expandParts(markup) {
  // Most partials have no placeholder for these: no parse and reserialise.
  if (!markup.includes('data-part=') && !markup.includes('data-label=')) return markup;
  const template = document.createElement('template');
  template.innerHTML = markup;
  expandPlaceholders(template.content);
  return template.innerHTML;
}

/**
 * `markup` with
 * `<section data-lab-part="id" data-text="prefix">body</section>` replaced by a lab panel
 * (../views/lab-part.html: texts `<prefix>.title`, `.intro`, `.controls`, `.run`, with body in
 * its controls card),
 * `<section data-lesson-part="id" data-text="prefix" …>` by a lesson part's opening (piece
 * lesson-part-open: the section with the placeholder's other attributes, its title and intro),
 * `<figure data-chart="id"></figure>` by chartMarkup(id),
 * `<details data-listing="which" data-summary="key"></details>` by codeListing(which, key) and
 * `<div data-lab-run="prefix" data-label="key"></div>` by the lab job's run and cancel buttons,
 * progress bar and status line (piece lab-run: the ids lab-job.js expects), and the
 * `data-piece` and `data-part` placeholders above.
 */
export function expandPartial(markup) {
  return expandParts(expandPieces(markup)
    .replace(/<section data-lab-part="([\w-]+)" data-text="([\w.-]+)">([\s\S]*?)<\/section>/g, (_, id, text, body) => fill(labPart, { id, text, body: body.trim() }))
    .replace(/<section data-lesson-part="([\w-]+)" data-text="([\w.-]+)"([^>]*)>/g, (_, id, text, attributes) => piece('lesson-part-open', { id, text, attributes }))
    .replace(/<figure data-chart="([\w-]+)"><\/figure>/g, (_, id) => chartMarkup(id))
    .replace(/<details data-listing="([\w-]+)" data-summary="([\w.-]+)"><\/details>/g, (_, which, key) => codeListing(which, key))
    .replace(/<div data-lab-run="([\w-]+)" data-label="([\w.-]+)"><\/div>/g, (_, id, label) => piece('lab-run', { id, label })));
}

/** A clone of the first element of `<template id="id">` under `root`. */
export function fromTemplate(root, id) {
  return root.querySelector(`template#${id}`).content.firstElementChild.cloneNode(true);
}
