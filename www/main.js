// Boot: language, navigation by hash path (#/train, #/cycle, …), the wasm, the views.
//
// Routes are '#/<view>' with an optional '?query' (read by the train view and the lesson views).
// Unknown or empty routes show the train view. The train and draw views are built once the
// wasm is ready and live for the whole visit (a kept network goes from one to the other).

import init, {
  Curves, Model, StepEstimate, normalizeTrainQuery, preprocessDigit, scheduleParameterKeys, trainKeySpecs,
} from './pkg/gradlab.js';
import { LANGUAGES, initialLanguage, setLanguage, translate } from './i18n.js';
import { TrainView } from './train-view.js';
import { DrawView } from './draw-view.js';
import { LossView } from './lesson-views/loss-view.js';
import { Descent1dView, Descent2dView } from './lesson-views/gd-view.js';
import { LrView } from './lesson-views/lr-view.js';
import { MinibatchView } from './lesson-views/minibatch-view.js';
import { GradcheckView } from './lesson-views/gradcheck-view.js';
import { SummaryView } from './lesson-views/summary-view.js';
import { CycleView } from './lesson-views/cycle-view.js';

const DEFAULT_VIEW = 'train';
// Section 3 has two routes (1-D and 2-D); the nav's #/descent opens the first.
const ROUTE_ALIASES = { descent: 'gd1' };
const NAV_OF_ROUTE = { gd1: 'descent', gd2: 'descent' };

const views = new Map([...document.querySelectorAll('[data-view]')].map((el) => [el.dataset.view, el]));
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
  if (view === DEFAULT_VIEW && trainView) trainView.route(query);
  lessonViews.get(view)?.route(query);
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
  setLanguage(initialLanguage(), false);
  markLanguage();
  wireLanguageButtons();
  wireSkipLink();
  translate();
  window.addEventListener('hashchange', showRoute);
  showRoute();
  await init();
  trainView = new TrainView({ Curves, normalizeTrainQuery, trainKeySpecs, scheduleParameterKeys, Model, StepEstimate });
  drawView = new DrawView({ Model, preprocessDigit });
  for (const [route, View] of [['cycle', CycleView], ['loss', LossView], ['gd1', Descent1dView], ['gd2', Descent2dView], ['lr', LrView],
    ['minibatch', MinibatchView], ['backprop', GradcheckView], ['summary', SummaryView]]) {
    lessonViews.set(route, new View(views.get(route)));
  }
  window.gradlab = Object.freeze({
    get state() {
      return trainView.snapshot();
    },
    get draw() {
      return drawView.snapshot();
    },
    /** ms for `n` analyses of the current drawing (the browser bench). */
    timeDrawAnalysis(n) {
      return drawView.timeAnalysis(n);
    },
  });
  showRoute();
}

boot().catch(showBootError);
