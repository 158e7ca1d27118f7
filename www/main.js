// Boot: language, navigation by hash path (#/train, #/cycle, …), the wasm, the views.
//
// Routes are '#/<view>' with an optional '?query' (read by the train view and the lesson views).
// The menu lists the views in the book's order; a first visit, the logo and unknown routes open
// its first entry (4.1, the learning cycle), and every view ends with links to the previous and
// next entry. The train and draw views are built on their first visit (once the wasm is ready)
// and live for the rest of it (a kept network goes from one to the other, so the drawing view
// is built with the training view too): a lesson view's first visit downloads no MNIST chunk
// and does not fetch the default model.

import init, {
  Curves, Model, StepEstimate, normalizeTrainQuery, preprocessDigit, scheduleParameterKeys, textFacts, trainKeySpecs, trainRunLabel, watchWeightCount,
} from './pkg/gradlab.js';
import { compiledWasm, wasmUrl } from './wasm-build.js';
import { LANGUAGES, initialLanguage, setFacts, setLanguage, translate } from './i18n.js';
import { TrainView } from './train-view.js';
import { DrawView } from './draw-view.js';
import { LossView } from './lesson-views/loss-view.js';
import { Descent1dView, Descent2dView } from './lesson-views/gd-view.js';
import { LrView } from './lesson-views/lr-view.js';
import { MinibatchView } from './lesson-views/minibatch-view.js';
import { GradcheckView } from './lesson-views/gradcheck-view.js';
import { SummaryView } from './lesson-views/summary-view.js';
import { CycleView } from './lesson-views/cycle-view.js';
import { expandPlaceholders } from './lesson-views/partial.js';

// Section 4.3 has two routes (1-D and 2-D); the nav's #/descent opens the first.
const ROUTE_ALIASES = { descent: 'gd1' };
const NAV_OF_ROUTE = { gd1: 'descent', gd2: 'descent' };

const views = new Map([...document.querySelectorAll('[data-view]')].map((el) => [el.dataset.view, el]));
const menu = [...document.querySelectorAll('#nav a')];
const routeOf = (link) => link.getAttribute('href').slice(2);
const DEFAULT_VIEW = ROUTE_ALIASES[routeOf(menu[0])] ?? routeOf(menu[0]);
let wasmReady = false;
let trainView = null;
let drawView = null;
const lessonViews = new Map(); // route → view with route(query), built once the wasm is ready

/** '#/train?lr=0.1' → { view: 'train', query: 'lr=0.1' }. */
function parseHash(hash) {
  const match = /^#\/([\w-]*)(?:\?(.*))?$/.exec(hash);
  const name = match ? ROUTE_ALIASES[match[1]] ?? match[1] : null;
  const view = name && views.has(name) ? name : DEFAULT_VIEW;
  return { view, query: match ? match[2] ?? '' : '' };
}

function showRoute() {
  const { view, query } = parseHash(location.hash);
  for (const [name, el] of views) el.hidden = name !== view;
  for (const link of document.querySelectorAll('#nav a')) {
    const current = link.getAttribute('href') === `#/${NAV_OF_ROUTE[view] ?? view}`;
    if (current) {
      link.setAttribute('aria-current', 'page');
      revealInMenu(link);
    } else link.removeAttribute('aria-current');
  }
  if (view === 'train') builtTrainView()?.route(query);
  if (view === 'draw') builtDrawView()?.setVisible(true);
  else drawView?.setVisible(false);
  lessonViews.get(view)?.route(query);
}

/**
 * The training view, built on its first visit: it fetches the MNIST chunks it trains on. The
 * drawing view comes with it, as it must be listening when a network is kept (it then selects
 * that network for the learner's next visit of #/draw).
 */
function builtTrainView() {
  if (wasmReady && !trainView) {
    builtDrawView();
    trainView = new TrainView({ Curves, normalizeTrainQuery, trainKeySpecs, scheduleParameterKeys, trainRunLabel, Model, StepEstimate, watchWeightCount });
  }
  return trainView;
}

/** The drawing view, built on its first visit: it fetches the default model. */
function builtDrawView() {
  if (wasmReady && !drawView) drawView = new DrawView({ Model, preprocessDigit });
  return drawView;
}

/** What window.gradlab.state says before the training view's first visit: nothing running. */
const NO_RUN = Object.freeze({ status: 'idle', iteration: 0, iterations: 0, lossCount: 0, epochs: 0, data: null, watch: null });
/** What window.gradlab.draw says before the drawing view's first visit. */
const NO_DRAWING = Object.freeze({ ready: false, model: null, models: [], strokes: 0, top: null });

/**
 * Ends every view with links to the previous and next menu entry (the book's order), filled
 * from the menu itself so the order is written once, in index.html.
 */
function addChapterLinks() {
  const template = document.getElementById('chapter-links');
  for (const [route, section] of views) {
    const at = menu.findIndex((link) => routeOf(link) === (NAV_OF_ROUTE[route] ?? route));
    const links = template.content.firstElementChild.cloneNode(true);
    fillChapterLink(links.querySelector('[rel="prev"]'), menu[at - 1]);
    fillChapterLink(links.querySelector('[rel="next"]'), menu[at + 1]);
    section.append(links);
  }
}

function fillChapterLink(a, target) {
  if (!target) {
    a.remove();
    return;
  }
  a.href = target.getAttribute('href');
  a.querySelector('.num').textContent = target.querySelector('.num').textContent;
  a.querySelector('.num').toggleAttribute('aria-hidden', target.querySelector('.num').hasAttribute('aria-hidden'));
  a.querySelector('.name').dataset.i18n = target.querySelector('[data-i18n]').dataset.i18n;
}

/**
 * On a narrow screen the menu is one row that scrolls sideways: its edges fade where more
 * entries are hidden (classes more-before / more-after), and a hint says so to screen readers.
 */
function watchMenuOverflow() {
  const row = document.querySelector('#nav ol');
  const mark = () => {
    const hiddenBefore = row.scrollLeft > 1;
    const hiddenAfter = row.scrollLeft + row.clientWidth < row.scrollWidth - 1;
    row.parentElement.classList.toggle('more-before', hiddenBefore);
    row.parentElement.classList.toggle('more-after', hiddenAfter);
    document.getElementById('nav-more').hidden = !(hiddenBefore || hiddenAfter);
  };
  row.addEventListener('scroll', mark, { passive: true });
  new ResizeObserver(mark).observe(row);
  mark();
}

/** On a narrow screen the menu is a row that scrolls sideways: bring `link` to its middle. */
function revealInMenu(link) {
  const row = link.closest('ol');
  const box = row.getBoundingClientRect();
  const r = link.getBoundingClientRect();
  if (r.left < box.left || r.right > box.right) row.scrollLeft += r.left - box.left - (box.width - r.width) / 2;
}

function wireLanguageButtons() {
  for (const lang of LANGUAGES) {
    document.getElementById(`lang-${lang}`).addEventListener('click', () => {
      setLanguage(lang);
      markLanguage();
      const current = document.querySelector('#nav a[aria-current="page"]');
      if (current) revealInMenu(current); // the labels changed width
    });
  }
}

function markLanguage() {
  for (const lang of LANGUAGES) {
    const pressed = document.documentElement.lang === lang;
    document.getElementById(`lang-${lang}`).setAttribute('aria-pressed', String(pressed));
  }
}

/** The skip link focuses <main> without touching the hash (the hash is the router's). */
function wireSkipLink() {
  document.querySelector('.skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('main').focus();
  });
}

function showBootError(err) {
  const box = document.getElementById('error');
  document.getElementById('error-text').textContent = `GradLab could not start: ${err?.message ?? err}`;
  box.hidden = false;
}

async function boot() {
  expandPlaceholders(document.getElementById('main')); // the training view's charts, before translate()
  setLanguage(initialLanguage(), false);
  markLanguage();
  wireLanguageButtons();
  wireSkipLink();
  watchMenuOverflow();
  translate();
  window.addEventListener('hashchange', showRoute);
  showRoute();
  await init({ module_or_path: await compiledWasm() }); // the workers get this module (worker-client.js)
  setFacts(textFacts()); // the numbers the prose states; the translate() below fills them in
  wasmReady = true;
  for (const [route, View] of [['cycle', CycleView], ['loss', LossView], ['gd1', Descent1dView], ['gd2', Descent2dView], ['lr', LrView],
    ['minibatch', MinibatchView], ['backprop', GradcheckView], ['summary', SummaryView]]) {
    lessonViews.set(route, new View(views.get(route)));
  }
  addChapterLinks(); // after the lesson views have built their markup
  translate();
  window.gradlab = Object.freeze({
    get state() {
      return trainView ? trainView.snapshot() : NO_RUN;
    },
    get draw() {
      return drawView ? drawView.snapshot() : NO_DRAWING;
    },
    /** ms for `n` analyses of the current drawing (the browser bench). */
    timeDrawAnalysis(n) {
      return builtDrawView().timeAnalysis(n);
    },
    /** The drawing's 28×28 image as seen, and from the whole pad (draw.test.mjs). */
    drawSeenBothWays() {
      return builtDrawView().seenBothWays();
    },
  });
  showRoute();
}

/**
 * After the first visit the app works offline (www/service-worker.js; built pages only). The
 * worker precaches only the app shell; what a view fetched (the wasm build in use, the model, the
 * data manifest) joins the offline copy as it is fetched, so a view downloads only what it uses.
 * Once the worker controls the page it stores those itself; what was fetched without it (before
 * it took control, `workerStart` 0) is handed to it here, now and as later fetches complete.
 * MNIST chunks have their own cache (data-loader.js).
 */
function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js').catch((err) => console.warn(`offline copy unavailable: ${err.message}`));
  const missedByWorker = (entries) => entries
    .filter((e) => e.workerStart === 0 && e.name.startsWith(location.origin) && !/\/data\/.+\.gz$/.test(e.name))
    .map((e) => e.name);
  navigator.serviceWorker.ready.then((registration) => {
    const hand = (urls) => {
      if (urls.length > 0) registration.active?.postMessage({ type: 'cache', urls: [...new Set(urls)] });
    };
    hand([wasmUrl.href, ...missedByWorker(performance.getEntriesByType('resource'))]);
    new PerformanceObserver((list) => hand(missedByWorker(list.getEntries()))).observe({ type: 'resource' });
  });
}

registerServiceWorker();
boot().catch(showBootError);
