//! Untrusted text made inert for display.
//!
//! Dossiers are written by other people. Any string in them may hold terminal
//! escape sequences (clear screen, set title, OSC 52 clipboard writes), other
//! control characters, bidi overrides or zero-width characters. [`sanitize`]
//! turns every such character into something visible and harmless, once, at
//! load time; everything downstream (TUI, `render`, `check`, exports,
//! clipboard) only ever sees the sanitised text.
//!
//! The mapping is idempotent: sanitising sanitised text changes nothing.

use std::borrow::Cow;

/// Columns a tab expands to.
pub const TAB_WIDTH: usize = 4;

/// Returns `s` with every dangerous or invisible character made visible.
///
/// - C0 controls (except `\n`) and DEL become their Unicode Control Pictures
///   (`ESC` → `␛`, `BEL` → `␇`, DEL → `␡`), so a sequence like
///   `ESC ] 52 ; c ; …` reads `␛]52;c;…` and can no longer start anything.
/// - `\t` expands to spaces up to the next multiple of [`TAB_WIDTH`].
/// - `\r\n` becomes `\n`; a lone `\r` becomes `␍`.
/// - C1 controls (U+0080–U+009F), bidi embeddings/overrides/isolates/marks,
///   zero-width and other invisible format characters, line/paragraph
///   separators and noncharacters are written as `\u{…}`.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    // Fast path: a byte scan. Only controls, DEL and the lead bytes of the
    // characters `is_escaped` lists can start something to change; most
    // text, in any script, has none of them.
    if !needs_any_work(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut col = 0usize;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                out.push('\n');
                col = 0;
                continue;
            }
            '\t' => {
                let n = TAB_WIDTH - col % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
                continue;
            }
            '\r' if chars.peek() == Some(&'\n') => continue,
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('\u{2421}'),
            c if is_escaped(c) => {
                use std::fmt::Write;
                let before = out.len();
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
                // Tab stops count the columns written, not the input.
                col += out.len() - before;
                continue;
            }
            c => {
                out.push(c);
                col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                continue;
            }
        }
        col += 1;
    }
    Cow::Owned(out)
}

/// The longest prefix of `s` of at most `max` bytes that ends on a
/// character boundary: a bounded view of text that may be huge.
pub fn head(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `s` as it goes into a message: inert, and cut to at most `max` bytes
/// with `…` where it was cut.
pub fn clip(s: &str, max: usize) -> String {
    let cut = head(s, max);
    let mut out = sanitize(cut).into_owned();
    if cut.len() < s.len() {
        out.push('…');
    }
    out
}

/// Sanitises in place, allocating only when something must change.
pub fn sanitize_in_place(s: &mut String) {
    if let Cow::Owned(clean) = sanitize(s) {
        *s = clean;
    }
}

/// Bytes that may begin a character [`sanitize`] changes: C0 controls but
/// `\n`, DEL, and the UTF-8 lead bytes of every range in `is_escaped`
/// (U+0080–00AD: C2; U+061C: D8; U+115F–180E: E1; U+200B–206F: E2;
/// U+3164: E3; U+FDD0–FFFF: EF; planes 1–16: F0–F4).
static SUSPECT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b != b'\n' as usize;
        b += 1;
    }
    t[0x7f] = true;
    let leads = [
        0xc2, 0xd8, 0xe1, 0xe2, 0xe3, 0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4,
    ];
    let mut i = 0;
    while i < leads.len() {
        t[leads[i]] = true;
        i += 1;
    }
    t
};

/// Some character of `s` is one [`sanitize`] changes. Only a byte that
/// [`SUSPECT`] lists can start one: words of eight bytes of printable
/// ASCII (most of a dossier's text) are passed over whole, the others
/// byte by byte, and only a character that starts at a suspect byte is
/// decoded and looked at, so that an en dash or a line of Arabic (whose
/// lead bytes are shared with characters that are escaped) costs no more
/// than a look at its first byte.
fn needs_any_work(s: &str) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let bytes = s.as_bytes();
    // Suspect bytes are ASCII or lead bytes: each starts a character.
    let starts_work =
        |at: usize| SUSPECT[bytes[at] as usize] && s[at..].chars().next().is_some_and(needs_work);
    let (words, _) = bytes.as_chunks::<8>();
    let whole = words.len() * 8;
    words.iter().enumerate().any(|(k, w)| {
        let x = u64::from_ne_bytes(*w);
        // A byte under 0x20, a byte 0x7f, or a byte with its high bit set.
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let del = (x ^ (ONES * 0x7f)).wrapping_sub(ONES) & !(x ^ (ONES * 0x7f)) & HIGH;
        (control | del | (x & HIGH)) != 0 && (k * 8..k * 8 + 8).any(starts_work)
    }) || (whole..bytes.len()).any(starts_work)
}

fn needs_work(c: char) -> bool {
    (c < ' ' && c != '\n') || c == '\u{7f}' || is_escaped(c)
}

/// Characters shown as a `\u{…}` escape: invisible or direction-changing.
pub(crate) fn is_escaped(c: char) -> bool {
    matches!(c as u32,
        0x80..=0x9f            // C1 controls (0x9b is a one-byte CSI)
        | 0xad                 // soft hyphen
        | 0x061c               // Arabic letter mark
        | 0x115f | 0x1160      // Hangul fillers
        | 0x180e               // Mongolian vowel separator
        | 0x200b..=0x200f      // zero-width space/non-joiner/joiner, LRM, RLM
        | 0x2028 | 0x2029      // line and paragraph separators
        | 0x202a..=0x202e      // bidi embeddings and overrides
        | 0x2060..=0x206f      // word joiner, invisible operators, bidi isolates
        | 0x3164 | 0xffa0      // Hangul fillers
        | 0xfeff               // zero-width no-break space / BOM
        | 0xfff9..=0xfffb      // interlinear annotations
        | 0xfdd0..=0xfdef      // noncharacters
        | 0xe0000..=0xe007f    // tag characters
    ) || (c as u32 & 0xfffe) == 0xfffe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_scan_finds_what_a_look_at_every_character_finds() {
        // Every character sanitising changes, next to it and at the ends of
        // its ranges, and characters that share their lead bytes, alone at
        // every place of texts in several scripts that are not a whole
        // number of words long.
        let mut probes: Vec<char> = (0..0x80u8).map(char::from).collect();
        for c in [
            0x80, 0x9f, 0xa0, 0xad, 0xae, 0x600, 0x61b, 0x61c, 0x61d, 0x627, 0x115e, 0x115f,
            0x1160, 0x180d, 0x180e, 0x2013, 0x2014, 0x2019, 0x200a, 0x200b, 0x200f, 0x2010, 0x2027,
            0x2028, 0x2029, 0x202a, 0x202e, 0x202f, 0x205f, 0x2060, 0x206f, 0x2070, 0x3042, 0x3164,
            0x30a2, 0xfdcf, 0xfdd0, 0xfdef, 0xfdf0, 0xfeff, 0xff21, 0xffa0, 0xfff9, 0xfffb, 0xfffc,
            0xfffe, 0xffff, 0x1f44d, 0x1fffe, 0xe0000, 0xe0001, 0xe007f, 0xe0080, 0x10fffe,
        ] {
            probes.push(char::from_u32(c).unwrap());
        }
        for fill in ["a", " ", "ع", "Ж", "長", "👍", "–"] {
            for &c in &probes {
                for at in 0..19 {
                    let mut text: String = fill.repeat(19);
                    let byte = text.char_indices().nth(at).map_or(text.len(), |(i, _)| i);
                    text.insert(byte, c);
                    let every = text.chars().any(needs_work);
                    assert_eq!(
                        needs_any_work(&text),
                        every,
                        "{:#x} at {at} in {fill}",
                        c as u32
                    );
                }
            }
        }
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            sanitize("Government of Tunisia"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            sanitize("هيئة قناة السويس 長榮 👍\nline"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(sanitize("\x1b]52;c;ZXZpbA==\x07"), "␛]52;c;ZXZpbA==␇");
        assert_eq!(sanitize("\x1b[2J\x1b]0;pwned\x07"), "␛[2J␛]0;pwned␇");
        assert_eq!(
            sanitize("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"),
            "␛]8;;http://x␛\\link␛]8;;␛\\"
        );
    }

    #[test]
    fn c0_del_and_c1_controls() {
        assert_eq!(sanitize("a\0b\x08c\x7f"), "a␀b␈c␡");
        assert_eq!(sanitize("x\u{9b}31m"), "x\\u{9b}31m");
        assert_eq!(sanitize("\u{85}"), "\\u{85}");
    }

    #[test]
    fn bidi_and_zero_width() {
        assert_eq!(sanitize("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(sanitize("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(sanitize("a\u{200b}b\u{feff}"), "a\\u{200b}b\\u{feff}");
    }

    #[test]
    fn tabs_expand_and_newlines_stay() {
        assert_eq!(sanitize("a\tb"), "a   b");
        assert_eq!(sanitize("\tx\nab\tc"), "    x\nab  c");
        assert_eq!(sanitize("one\r\ntwo\rthree"), "one\ntwo␍three");
    }

    #[test]
    fn byte_prefilter_covers_every_escaped_character() {
        // Every character that sanitize changes starts with a suspect byte,
        // so the fast path can never pass one through.
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if needs_work(c) {
                let mut buf = [0; 4];
                let first = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(SUSPECT[first as usize], "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn idempotent() {
        let nasty = "\x1b]52;c;x\x07\t\u{202e}\u{200b}\r\u{9b}\x7f";
        let once = sanitize(nasty).into_owned();
        assert_eq!(sanitize(&once), once);
    }
}
