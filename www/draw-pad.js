// The drawing pad: Pointer Events (mouse, touch, pen), a round brush, strokes kept for Undo.
//
// Strokes are lists of points in pad units (0..1 of its width and height), so they survive a
// resize. The bitmap is the pad's CSS size × devicePixelRatio (sharp on a high-density screen;
// the wasm preprocessing reads any size). The pad repaints in requestAnimationFrame, at
// most once a frame however many pointer events arrive, and then calls
// onChange({ ended, blank }): `ended` is true when a stroke was just finished (or the pad was
// cleared or undone), so the view can tell "still drawing" from "let go".
// Keyboard: the pad is focusable; Escape or Delete clears, Ctrl+Z (⌘Z) undoes.
// A picture can be put under the strokes (setImage: a 28×28 MNIST test image, painted as ink
// with each pixel's value as its opacity); Undo takes back the strokes drawn on it, then it.

import { onPixelRatioChange, pixelRatio } from './chart-canvas.js';

const INK = '#000';
const INK_MARGIN = 2; // canvas pixels of anti-aliasing beyond the brush's edge, and to spare

export class DrawPad {
  /** brushFraction: the brush width as a share of the pad's width (Rust's digit::BRUSH_FRACTION). */
  constructor(canvas, { onChange, brushFraction }) {
    this.canvas = canvas;
    this.brushFraction = brushFraction;
    this.ctx = canvas.getContext('2d', { willReadFrequently: true });
    this.onChange = onChange;
    this.strokes = [];
    this.image = null; // { canvas, tag }: a picture under the strokes
    this.current = null; // the stroke being drawn
    this.pointerId = null;
    this.frameRequested = false;
    this.ended = false;
    this.inkBox = null; // canvas pixels that can hold ink, as last painted (see paint)
    this.fit();

    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    canvas.addEventListener('pointerup', (e) => this.up(e));
    canvas.addEventListener('pointercancel', (e) => this.up(e));
    canvas.addEventListener('lostpointercapture', (e) => this.up(e));
    canvas.addEventListener('keydown', (e) => this.key(e));
    canvas.addEventListener('contextmenu', (e) => e.preventDefault());
    // A new size or pixel ratio: a new bitmap, the strokes repainted into it.
    const refit = () => this.fit() && this.changed(false);
    new ResizeObserver(refit).observe(canvas);
    onPixelRatioChange(refit);
  }

  /** Sizes the bitmap to the pad's content box × the pixel ratio; true if it changed. */
  fit() {
    const { canvas } = this;
    if (canvas.clientWidth === 0) return false; // not laid out (another view is showing)
    const width = Math.round(canvas.clientWidth * pixelRatio());
    const height = Math.round(canvas.clientHeight * pixelRatio());
    if (canvas.width === width && canvas.height === height) return false;
    canvas.width = width;
    canvas.height = height;
    return true;
  }

  get blank() {
    return this.strokes.length === 0 && this.image === null;
  }

  /** What was given with the picture under the strokes (null without one). */
  get imageTag() {
    return this.image?.tag ?? null;
  }

  get strokeCount() {
    return this.strokes.length;
  }

  /**
   * RGBA pixels of the pad (at device resolution) around its ink, as the wasm preprocessing
   * reads them; null if no ink can be on it. Outside that box all is paper, and the
   * preprocessing crops to the ink, so the digit is the one the whole pad gives (`whole`: read
   * it all, as tests/e2e/draw.test.mjs does to check that) — at a fraction of the reading.
   */
  pixels({ whole = false } = {}) {
    const { width, height } = this.canvas;
    const box = whole ? { x: 0, y: 0, width, height } : this.inkBox;
    if (!box || box.width === 0 || box.height === 0) return null;
    const { data } = this.ctx.getImageData(box.x, box.y, box.width, box.height);
    return { width: box.width, height: box.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  }

  clear() {
    if (this.blank) return;
    this.strokes = [];
    this.image = null;
    this.current = null;
    this.pointerId = null;
    this.changed(true);
  }

  undo() {
    if (this.blank) return;
    if (this.strokes.length === 0) {
      this.image = null; // nothing drawn on the picture: Undo takes the picture away
    } else {
      if (this.current === this.strokes[this.strokes.length - 1]) {
        this.current = null;
        this.pointerId = null;
      }
      this.strokes.pop();
    }
    this.changed(true);
  }

  /**
   * Replaces the pad's content with a `side`×`side` grey image (0 = paper, 255 = ink), scaled to
   * fill the pad with square pixels; `tag` comes back as imageTag (the view's true label).
   */
  setImage(side, pixels, tag = null) {
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const ink = new ImageData(side, side);
    for (let i = 0; i < side * side; i++) ink.data[i * 4 + 3] = pixels[i]; // black, pixel as opacity
    canvas.getContext('2d').putImageData(ink, 0, 0);
    this.strokes = [];
    this.current = null;
    this.pointerId = null;
    this.image = { canvas, tag };
    this.changed(true);
  }

  // ---- pointer --------------------------------------------------------------------------------

  /** Where an event is, in pad units (0..1 of the drawing surface, inside the border). */
  point(e) {
    const rect = this.canvas.getBoundingClientRect();
    const { clientLeft, clientTop, clientWidth, clientHeight } = this.canvas;
    return {
      x: (e.clientX - rect.left - clientLeft) / clientWidth,
      y: (e.clientY - rect.top - clientTop) / clientHeight,
    };
  }

  down(e) {
    if (this.pointerId !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
    this.pointerId = e.pointerId;
    this.canvas.setPointerCapture?.(e.pointerId);
    this.current = [this.point(e)];
    this.strokes.push(this.current);
    this.changed(false);
  }

  move(e) {
    if (e.pointerId !== this.pointerId || !this.current) return;
    const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
    for (const ev of events.length > 0 ? events : [e]) this.current.push(this.point(ev));
    this.changed(false);
  }

  up(e) {
    if (e.pointerId !== this.pointerId) return;
    if (e.type === 'pointerup' && this.current) this.current.push(this.point(e));
    this.pointerId = null;
    this.current = null;
    this.changed(true);
  }

  key(e) {
    if (e.key === 'Escape' || e.key === 'Delete') {
      e.preventDefault();
      this.clear();
    } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      this.undo();
    }
  }

  // ---- painting -------------------------------------------------------------------------------

  changed(ended) {
    this.ended ||= ended;
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => this.frame());
  }

  frame() {
    this.frameRequested = false;
    this.paint();
    const ended = this.ended;
    this.ended = false;
    this.onChange({ ended, blank: this.blank });
  }

  paint() {
    this.fit();
    const { ctx, canvas } = this;
    const brush = canvas.width * this.brushFraction;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (this.image) {
      ctx.imageSmoothingEnabled = false; // the image's own pixels, as the network will read them
      ctx.drawImage(this.image.canvas, 0, 0, canvas.width, canvas.height);
    }
    ctx.strokeStyle = INK;
    ctx.fillStyle = INK;
    ctx.lineWidth = brush;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    const toPixels = (p) => ({ x: p.x * canvas.width, y: p.y * canvas.height });
    const strokes = this.strokes.map((stroke) => stroke.map(toPixels));
    for (const stroke of strokes) paintStroke(ctx, stroke, brush, canvas.width / 280);
    this.inkBox = this.image ? { x: 0, y: 0, width: canvas.width, height: canvas.height } : inkBounds(strokes.flat(), brush / 2 + INK_MARGIN, canvas);
  }
}

/**
 * Canvas pixels that strokes through `points` can touch, clamped to the canvas; null for none.
 * A stroke's curves stay within its points' hull (each segment's control and end points are
 * points or midpoints of them), and the round brush reaches `reach` pixels beyond it.
 */
function inkBounds(points, reach, canvas) {
  if (points.length === 0) return null;
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { x, y } of points) {
    [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
  }
  const x0 = Math.max(0, Math.floor(left - reach));
  const y0 = Math.max(0, Math.floor(top - reach));
  const x1 = Math.min(canvas.width, Math.ceil(right + reach));
  const y1 = Math.min(canvas.height, Math.ceil(bottom + reach));
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/**
 * One stroke as a smooth curve: quadratic segments through the midpoints of its points
 * (canvas pixels). Points within `tap` pixels of each other are a tap: a round dot.
 */
function paintStroke(ctx, points, brush, tap) {
  const first = points[0];
  if (points.length < 3 && points.every((p) => Math.hypot(p.x - first.x, p.y - first.y) < tap)) {
    ctx.beginPath(); // a tap: a round dot
    ctx.arc(first.x, first.y, brush / 2, 0, 2 * Math.PI);
    ctx.fill();
    return;
  }
  ctx.beginPath();
  ctx.moveTo(first.x, first.y);
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i];
    const next = points[i + 1];
    ctx.quadraticCurveTo(p.x, p.y, (p.x + next.x) / 2, (p.y + next.y) / 2);
  }
  const last = points[points.length - 1];
  ctx.lineTo(last.x, last.y);
  ctx.stroke();
}
