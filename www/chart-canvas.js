// Canvases at the screen's resolution: sizing a chart canvas from its box × devicePixelRatio,
// following ratio changes, and saving a canvas as PNG. Used by the lesson charts, the training
// charts and the drawing pad.

import { download } from './dom.js';

const MIN_CANVAS_WIDTH = 280;
// A chart is never shorter than this (CSS px), so a phone still shows a readable plot.
export const MIN_CHART_HEIGHT = 260;
// Below this width (CSS px) a chart is taller than its aspect says (at least NARROW_ASPECT ×
// its width): its legend goes under the plot, and the plot keeps a readable height.
const NARROW_WIDTH = 560;
export const NARROW_ASPECT = 0.95;

/** Canvas pixels per CSS pixel on this screen (2 on most phones and retina laptops). */
export function pixelRatio() {
  return window.devicePixelRatio || 1;
}

/**
 * Sizes a chart canvas from the width its box gives it: `width` × `height` CSS pixels (height
 * from `aspect`, within MIN_CHART_HEIGHT…maxHeight) with a bitmap of that size × the pixel
 * ratio, so the wasm draws at device resolution (it reads the ratio from canvas.width over the
 * CSS width). Returns false when the box is not laid out (a hidden view). `boxWidth`: the box's
 * width when the caller has it from a ResizeObserver; else it is read from the page, which
 * forces a layout if the page changed since the last one.
 */
export function fitChartCanvas(canvas, { aspect = 0.62, maxHeight = 520, narrowAspect = Math.max(aspect, NARROW_ASPECT), boxWidth } = {}) {
  const box = boxWidth ?? canvas.parentElement.clientWidth;
  if (box === 0) return false;
  const width = Math.max(MIN_CANVAS_WIDTH, Math.round(box));
  const ratio = width < NARROW_WIDTH ? narrowAspect : aspect;
  const height = Math.round(Math.max(MIN_CHART_HEIGHT, Math.min(maxHeight, width * ratio)));
  const dpr = pixelRatio();
  const [w, h] = [Math.round(width * dpr), Math.round(height * dpr)];
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return true;
}

/**
 * Calls `callback` whenever the pixel ratio changes (the window moved to another screen, or the
 * page was zoomed), so charts are redrawn at the new resolution.
 */
export function onPixelRatioChange(callback) {
  let query = null;
  const listen = () => {
    query?.removeEventListener('change', changed);
    query = matchMedia(`(resolution: ${pixelRatio()}dppx)`);
    query.addEventListener('change', changed);
  };
  function changed() {
    listen();
    callback();
  }
  listen();
}

export function savePng(canvas, name) {
  canvas.toBlob((blob) => {
    if (blob) download(blob, `${name}.png`);
  }, 'image/png');
}
