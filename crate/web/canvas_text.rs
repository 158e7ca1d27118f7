//! Text measured by the canvas itself. plotters' browser font measures a label by inserting a
//! `<span style="…">` into the page and reading its size: a forced layout per label, and an
//! inline style that a strict Content-Security-Policy (`style-src 'self'`) refuses. `CanvasText`
//! wraps plotters-canvas's backend and answers `estimate_text_size` with the 2D context's
//! `measureText` instead, cached per font and text. Drawing is passed through unchanged.

use plotters::prelude::DrawingBackend;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Distinct (font, text) pairs remembered; the charts use a few hundred, so this only bounds
/// a page that keeps drawing new labels (the cache starts over when full).
const CACHE_LIMIT: usize = 4096;

thread_local! {
    static SIZES: RefCell<HashMap<(String, String), (u32, u32)>> = RefCell::new(HashMap::new());
}

/// A canvas backend whose text sizes come from `CanvasRenderingContext2d.measureText`.
pub struct CanvasText {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl CanvasText {
    /// None when the canvas has no 2D context.
    pub fn new(canvas: HtmlCanvasElement) -> Option<CanvasText> {
        let context = canvas.get_context("2d").ok()??.dyn_into::<CanvasRenderingContext2d>().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(CanvasText { inner, context })
    }

    /// Width and height of `text` in canvas pixels, in the font string `draw_text` sets.
    fn measure(&self, font: &str, text: &str) -> (u32, u32) {
        let key = (font.to_string(), text.to_string());
        if let Some(size) = SIZES.with(|s| s.borrow().get(&key).copied()) {
            return size;
        }
        self.context.set_font(font);
        let size = match self.context.measure_text(text) {
            // The advance width, and the font's ascent + descent: the box a line of this text
            // occupies, whatever its letters (the height of "a" and "Ág" is the same).
            Ok(m) => (
                m.width().round().max(0.0) as u32,
                (m.font_bounding_box_ascent() + m.font_bounding_box_descent()).round().max(0.0) as u32,
            ),
            Err(_) => (0, 0),
        };
        SIZES.with(|s| {
            let mut s = s.borrow_mut();
            if s.len() >= CACHE_LIMIT {
                s.clear();
            }
            s.insert(key, size);
        });
        size
    }
}

/// The CSS font shorthand plotters-canvas's `draw_text` uses, so that what is measured is
/// what is drawn.
fn font_of<S: BackendTextStyle>(style: &S) -> String {
    format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str())
}

/// Each drawing call passed through to plotters-canvas's backend unchanged: `fn name[generics](args);`
/// stands for `fn name<generics>(&mut self, args) -> Result<(), …> { self.inner.name(args) }`.
macro_rules! pass_through {
    ($(fn $name:ident[$($generics:tt)*]($($arg:ident: $ty:ty),*);)*) => {
        $(fn $name<$($generics)*>(&mut self, $($arg: $ty),*) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.inner.$name($($arg),*)
        })*
    };
}

impl DrawingBackend for CanvasText {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        Ok(self.measure(&font_of(style), text))
    }
    pass_through! {
        fn ensure_prepared[]();
        fn present[]();
        fn draw_pixel[](point: BackendCoord, color: BackendColor);
        fn draw_line[S: BackendStyle](from: BackendCoord, to: BackendCoord, style: &S);
        fn draw_rect[S: BackendStyle](upper_left: BackendCoord, bottom_right: BackendCoord, style: &S, fill: bool);
        fn draw_path[S: BackendStyle, I: IntoIterator<Item = BackendCoord>](path: I, style: &S);
        fn draw_circle[S: BackendStyle](center: BackendCoord, radius: u32, style: &S, fill: bool);
        fn fill_polygon[S: BackendStyle, I: IntoIterator<Item = BackendCoord>](vert: I, style: &S);
        fn draw_text[S: BackendTextStyle](text: &str, style: &S, pos: BackendCoord);
        fn blit_bitmap[](pos: BackendCoord, size: (u32, u32), src: &[u8]);
    }
}
