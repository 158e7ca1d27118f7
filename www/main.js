// Boot: language, navigation by hash path (#/train, #/cycle, …), the wasm, the views.
//
// Routes are '#/<view>' with an optional '?query' (only the train view reads it).
// Unknown or empty routes show the train view. The train and draw views are built once the
// wasm is ready and live for the whole visit (a kept network goes from one to the other).

import init, { Curves, Model, normalizeTrainQuery, preprocessDigit } from './pkg/gradlab.js';
import { LANGUAGES, initialLanguage, setLanguage, translate } from './i18n.js';
import { TrainView } from './train-view.js';
import { DrawView } from './draw-view.js';

const DEFAULT_VIEW = 'train';

const views = new Map([...document.querySelectorAll('[data-view]')].map((el) => [el.dataset.view, el]));
let trainView = null;
let drawView = null;

/** '#/train?lr=0.1' → { view: 'train', query: 'lr=0.1' }. */
function parseHash(hash) {
  const match = /^#\/([\w-]*)(?:\?(.*))?$/.exec(hash);
  const view = match && views.has(match[1]) ? match[1] : DEFAULT_VIEW;
  return { view, query: match ? match[2] ?? '' : '' };
}

function showRoute() {
  const { view, query } = parseHash(location.hash);
  for (const [name, el] of views) el.hidden = name !== view;
  for (const link of document.querySelectorAll('#nav a')) {
    const current = link.getAttribute('href') === `#/${view}`;
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (view === DEFAULT_VIEW && trainView) trainView.route(query);
}

function wireLanguageButtons() {
  for (const lang of LANGUAGES) {
    document.getElementById(`lang-${lang}`).addEventListener('click', () => {
      setLanguage(lang);
      markLanguage();
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
  trainView = new TrainView({ Curves, normalizeTrainQuery, Model });
  drawView = new DrawView({ Model, preprocessDigit });
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
