//! Fitting text to columns: cutting a row, wrapping a card. Both the views
//! and the model's scrolling measure text with these, so they agree.

/// Text beyond this many characters is not laid out; the card says how much
/// was left out. Keeps a 200 MB claim from freezing the screen.
pub const MAX_CARD_CHARS: usize = 20_000;

/// `s` cut to at most `width` columns, with `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    // Walks no further than `width` columns: `s` may be huge.
    let mut w = 0;
    let mut cut = None;
    for (i, c) in s.char_indices() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if cut.is_none() && w + cw + 1 > width {
            cut = Some(i);
        }
        w += cw;
        if w > width {
            return match width {
                0 => String::new(),
                _ => format!("{}…", &s[..cut.unwrap_or(i)]),
            };
        }
    }
    s.to_string()
}

/// Bytes of a string looked at for one row: more than any terminal shows.
const ROW_BYTES: usize = 16 * 1024;

/// The first line of `s` (multi-line names shown on one row).
pub fn one_line(s: &str) -> &str {
    // Bounded: a row never shows more than this, and a name may be huge.
    crate::sanitize::head(s, ROW_BYTES)
        .lines()
        .next()
        .unwrap_or("")
}

/// Wraps `text` to `width` columns, keeping its line breaks, laying out at
/// most [`MAX_CARD_CHARS`] characters.
pub fn wrap_bounded(text: &str, width: usize) -> Vec<String> {
    let (shown, rest) = match text.char_indices().nth(MAX_CARD_CHARS) {
        // The rest is measured in bytes: counting its characters would walk
        // all of a text that may be hundreds of megabytes.
        Some((i, _)) => (&text[..i], text.len() - i),
        None => (text, 0),
    };
    let mut out: Vec<String> = textwrap::wrap(
        shown,
        textwrap::Options::new(width)
            .break_words(true)
            .word_splitter(textwrap::WordSplitter::NoHyphenation),
    )
    .into_iter()
    .map(|c| c.into_owned())
    .collect();
    if rest > 0 {
        out.push(format!("… {} KB more not shown", rest.div_ceil(1024)));
    }
    out
}
