// The drawing pad: Pointer Events (mouse, touch, pen), a round brush, strokes kept for Undo.
//
// Strokes are lists of points in canvas pixels. The pad repaints in requestAnimationFrame, at
// most once a frame however many pointer events arrive, and then calls
// onChange({ ended, blank }): `ended` is true when a stroke was just finished (or the pad was
// cleared or undone), so the view can tell "still drawing" from "let go".
// Keyboard: the pad is focusable; Escape or Delete clears, Ctrl+Z (⌘Z) undoes.

const BRUSH_FRACTION = 0.065; // brush width / pad width: 18 px on a 280 px pad
const INK = '#000';

export class DrawPad {
  constructor(canvas, { onChange }) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d', { willReadFrequently: true });
    this.onChange = onChange;
    this.strokes = [];
    this.current = null; // the stroke being drawn
    this.pointerId = null;
    this.frameRequested = false;
    this.ended = false;
    this.brush = Math.round(canvas.width * BRUSH_FRACTION);

    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    canvas.addEventListener('pointerup', (e) => this.up(e));
    canvas.addEventListener('pointercancel', (e) => this.up(e));
    canvas.addEventListener('lostpointercapture', (e) => this.up(e));
    canvas.addEventListener('keydown', (e) => this.key(e));
    canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  }

  get blank() {
    return this.strokes.length === 0;
  }

  get strokeCount() {
    return this.strokes.length;
  }

  /** RGBA pixels of the pad, as the wasm preprocessing reads them. */
  pixels() {
    const { width, height } = this.canvas;
    const { data } = this.ctx.getImageData(0, 0, width, height);
    return { width, height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  }

  clear() {
    if (this.blank) return;
    this.strokes = [];
    this.current = null;
    this.pointerId = null;
    this.changed(true);
  }

  undo() {
    if (this.blank) return;
    if (this.current === this.strokes[this.strokes.length - 1]) {
      this.current = null;
      this.pointerId = null;
    }
    this.strokes.pop();
    this.changed(true);
  }

  // ---- pointer --------------------------------------------------------------------------------

  point(e) {
    const rect = this.canvas.getBoundingClientRect();
    return {
      x: ((e.clientX - rect.left) * this.canvas.width) / rect.width,
      y: ((e.clientY - rect.top) * this.canvas.height) / rect.height,
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
    const { ctx, canvas } = this;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = INK;
    ctx.fillStyle = INK;
    ctx.lineWidth = this.brush;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const stroke of this.strokes) paintStroke(ctx, stroke, this.brush);
  }
}

/** One stroke as a smooth curve: quadratic segments through the midpoints of its points. */
function paintStroke(ctx, points, brush) {
  const first = points[0];
  if (points.length < 3 && points.every((p) => Math.hypot(p.x - first.x, p.y - first.y) < 1)) {
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
