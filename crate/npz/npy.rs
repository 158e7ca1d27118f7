//! One `.npy` array: a preamble, a header that is a Python dict literal, then the raw values
//! (NumPy's format.py, "NEP 1"). The header is parsed here by a strict reader of exactly what
//! NumPy writes — `{'descr': '<f4', 'fortran_order': False, 'shape': (784, 50), }` — keys in any
//! order, either quote, plain decimal sizes. A general Python-literal parser (npyz uses
//! py_literal and pest) was about a tenth of the page's wasm for three keys (issue #11).
//! tests/fuzz.rs feeds this reader mutated headers.

/// What a header says: the dtype string (like "<f4"), the storage order and the shape.
pub struct Header {
    pub descr: String,
    pub fortran_order: bool,
    pub shape: Vec<u64>,
}

/// Why a header was refused: its syntax, or a size written other than in plain decimals
/// (Python would also read 0x10 and 1_0; refused so every size is what it looks like).
pub enum HeaderError {
    Syntax(String),
    NotDecimal,
}

/// The header text (without its preamble) and the bytes after it, or why there is none.
pub fn split(data: &[u8], max_header: usize) -> Result<(&[u8], &[u8]), String> {
    if data.len() < 10 || &data[..6] != b"\x93NUMPY" {
        return Err("is not a .npy array (it does not start with \\x93NUMPY)".into());
    }
    let (header_len, start) = match data[6] {
        1 => (u16::from_le_bytes([data[8], data[9]]) as usize, 10),
        2 | 3 if data.len() >= 12 => (u32::from_le_bytes([data[8], data[9], data[10], data[11]]) as usize, 12),
        v => return Err(format!("is .npy format version {v}, expected 1, 2 or 3")),
    };
    if header_len > max_header || start + header_len > data.len() {
        return Err(format!("declares a {header_len}-byte header but holds {} bytes after its preamble", data.len() - start));
    }
    Ok((&data[start..start + header_len], &data[start + header_len..]))
}

/// Parses the dict literal of a header.
pub fn parse_header(text: &[u8]) -> Result<Header, HeaderError> {
    let mut p = Parser { text, at: 0 };
    let (mut descr, mut fortran_order, mut shape) = (None, None, None);
    p.expect(b'{')?;
    while !p.eat(b'}') {
        let key = p.string()?;
        p.expect(b':')?;
        let seen = match key.as_str() {
            "descr" => descr.replace(p.string()?).is_some(),
            "fortran_order" => fortran_order.replace(p.boolean()?).is_some(),
            "shape" => shape.replace(p.tuple()?).is_some(),
            other => return Err(p.error(&format!("unexpected key {:?}", other.chars().take(20).collect::<String>()))),
        };
        if seen {
            return Err(p.error(&format!("the key '{key}' appears twice")));
        }
        // a comma after each item, optional after the last
        if !p.eat(b',') {
            p.expect(b'}')?;
            break;
        }
    }
    p.skip_space();
    if p.at != text.len() {
        return Err(p.error("text after the closing brace"));
    }
    match (descr, fortran_order, shape) {
        (Some(descr), Some(fortran_order), Some(shape)) => Ok(Header { descr, fortran_order, shape }),
        _ => Err(HeaderError::Syntax("it lacks one of 'descr', 'fortran_order' and 'shape'".into())),
    }
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> HeaderError {
        HeaderError::Syntax(format!("{what} at byte {}", self.at))
    }

    fn skip_space(&mut self) {
        while self.text.get(self.at).is_some_and(|b| b" \t\r\n".contains(b)) {
            self.at += 1;
        }
    }

    /// Skips spaces, then takes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.text.get(self.at) == Some(&byte);
        self.at += found as usize;
        found
    }

    fn expect(&mut self, byte: u8) -> Result<(), HeaderError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.error(&format!("expected '{}'", byte as char)))
        }
    }

    /// A quoted string without escapes (dtype strings and the keys have none).
    fn string(&mut self) -> Result<String, HeaderError> {
        self.skip_space();
        let quote = match self.text.get(self.at) {
            Some(&q @ (b'\'' | b'"')) => q,
            _ => return Err(self.error("expected a quoted string")),
        };
        let start = self.at + 1;
        let len = self.text[start..].iter().position(|&b| b == quote).ok_or_else(|| self.error("unterminated string"))?;
        let s = &self.text[start..start + len];
        if s.iter().any(|&b| b == b'\\' || !b.is_ascii() || b.is_ascii_control()) {
            return Err(self.error("a string with escapes or non-ASCII characters"));
        }
        self.at = start + len + 1;
        Ok(String::from_utf8_lossy(s).into_owned())
    }

    fn boolean(&mut self) -> Result<bool, HeaderError> {
        self.skip_space();
        for (word, value) in [(&b"True"[..], true), (b"False", false)] {
            if self.text[self.at..].starts_with(word) {
                self.at += word.len();
                return Ok(value);
            }
        }
        Err(self.error("expected True or False"))
    }

    /// `()`, `(n,)` or `(n, m, …)` with an optional trailing comma.
    fn tuple(&mut self) -> Result<Vec<u64>, HeaderError> {
        self.expect(b'(')?;
        let (mut items, mut comma) = (Vec::new(), false);
        while !self.eat(b')') {
            if !items.is_empty() && !comma {
                return Err(self.error("expected ',' or ')'"));
            }
            if items.len() == 32 {
                return Err(self.error("more than 32 dimensions"));
            }
            items.push(self.size()?);
            comma = self.eat(b',');
        }
        // `(n)` is a number in parentheses to Python, not a tuple
        if items.len() == 1 && !comma {
            return Err(self.error("a one-dimensional shape without its comma"));
        }
        Ok(items)
    }

    /// A size: a run of letters, digits and underscores that must be all digits.
    fn size(&mut self) -> Result<u64, HeaderError> {
        self.skip_space();
        let start = self.at;
        while self.text.get(self.at).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
            self.at += 1;
        }
        let word = &self.text[start..self.at];
        if word.is_empty() {
            return Err(self.error("expected a size"));
        }
        if !word[0].is_ascii_digit() {
            return Err(self.error("expected a size"));
        }
        if !word.iter().all(u8::is_ascii_digit) || (word.len() > 1 && word[0] == b'0') {
            return Err(HeaderError::NotDecimal);
        }
        // Past u64: larger than anything, which the caller refuses by size.
        Ok(std::str::from_utf8(word).ok().and_then(|s| s.parse().ok()).unwrap_or(u64::MAX))
    }
}

/// An array of `descr` values in C order, its header padded so the data starts at a multiple
/// of 64 bytes, as NumPy writes it (format version 1.0).
pub fn write(descr: &str, shape: &[usize], data: &[u8]) -> Vec<u8> {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    let shape = if dims.len() == 1 { format!("({},)", dims[0]) } else { format!("({})", dims.join(", ")) };
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
    let padded = (10 + header.len() + 1).next_multiple_of(64) - 10;
    while header.len() + 1 < padded {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(data);
    out
}
