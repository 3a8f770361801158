//! Renders the README's screenshots from the real renderer.
//!
//! ```text
//! cargo run --release --example screenshots [-- OUT_DIR]
//! ```
//!
//! Each shot is a model built exactly as the explorer builds it (the bundled
//! dossier, or one in [`OTHER_DOSSIERS`], `Chart::new`, `Model::new` with the colour theme, 100×30 cells;
//! or, for the forms, which write into files, a file of [`FROM_FILES`] loaded as a chart),
//! driven by keys in keymap notation through `Model::handle_key`, and drawn
//! with `render_buffer`: the same ratatui buffer the terminal gets, colours
//! and modifiers included. Every cell is then rasterised into a PNG with
//! DejaVu Sans Mono, the way a terminal would: box drawing, block elements
//! and braille drawn to the pixel so lines join, wide characters over two
//! cells, a dark palette for the 16 named colours. OUT_DIR defaults to
//! `screenshots/` in the crate. The output is deterministic: the same build
//! and fonts give the same bytes (tests/screenshots.rs checks the committed
//! files against it).
//!
//! The fonts come from Debian's `fonts-dejavu-core` (`.ci/run` installs it).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ab_glyph::{Font, FontVec, Glyph, GlyphId, OutlineCurve, OutlinedGlyph, Point, ScaleFont};
use linkchart::dossier::{BUNDLED, BUNDLED_NAME, load_str};
use linkchart::graph::Chart;
use linkchart::tui::Model;
use linkchart::tui::keymap::parse_keys;
use linkchart::tui::render::render_buffer;
use linkchart::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

// ------------------------------------------------------------------ shots --

/// Terminal size of every shot, in cells.
pub const COLS: u16 = 100;
pub const ROWS: u16 = 30;

/// One screenshot: the keys pressed on the bundled dossier (unless
/// [`OTHER_DOSSIERS`] names another), and what it shows.
pub struct Shot {
    pub file: &'static str,
    pub keys: &'static str,
    pub shows: &'static str,
}

pub const SHOTS: [Shot; 10] = [
    Shot {
        file: "01-explorer.png",
        keys: "l j j",
        shows: "the explorer: actors, the relations of the Government of Tunisia, \
                and the claims behind the selected one",
    },
    Shot {
        file: "02-claim-details.png",
        keys: "/sudden<Space>warmth<Enter> i",
        shows: "a claim found by its text, with its Admiralty code, confidence, \
                citation and quote; `i` spells out what the grades mean",
    },
    Shot {
        file: "03-source-filter.png",
        keys: "s j <Space>",
        shows: "the sources panel with one source switched off; \
                the title bar shows the filter",
    },
    Shot {
        file: "04-find.png",
        keys: "/isreal",
        shows: "fuzzy find in the middle of a misspelt query",
    },
    Shot {
        file: "05-path.png",
        keys: "/dubai<Enter> p united<Enter>",
        shows: "the shortest chains from the Dubai businessman to the United States",
    },
    Shot {
        file: "06-neighbourhood.png",
        keys: "/dubai<Enter> v +",
        shows: "the Dubai businessman's neighbourhood drawn two hops deep",
    },
    Shot {
        file: "07-help.png",
        keys: "?",
        shows: "the help overlay, generated from the keymap",
    },
    Shot {
        file: "08-timeline.png",
        keys: "T j j j j j j j j",
        shows: "the timeline of a dossier spanning four decades: claims per year \
                above, the claims oldest first under a heading per year, the \
                selected one in full",
    },
    Shot {
        file: "09-add-claim.png",
        keys: "l j j a The<Space>GOT<Space>expanded<Space>intelligence<Space>sharing<Space>in<Space>2022. \
               Tab jafaj Enter isr",
        shows: "adding a claim to the selected relation: its text typed, one source \
                chosen and another being found, the file it will be written to",
    },
    Shot {
        file: "10-measures.png",
        keys: "m j",
        shows: "the measures view: actors ranked by betweenness, every measure in \
                its columns, the selected actor's scores and ranks below",
    },
];

/// Shots taken on another dossier than the bundled one: `(file, dossier's
/// name, its text)`.
pub const OTHER_DOSSIERS: [(&str, &str, &str); 1] = [(
    "08-timeline.png",
    "tests/data/decades.ron",
    include_str!("../tests/data/decades.ron"),
)];

/// Shots of a chart read from a file, as `linkchart FILE` reads it (the
/// forms write into files, so they open only on one): the shot, and the
/// text written to a file of that name in a fresh folder.
pub const FROM_FILES: [(&str, &str, &str); 1] =
    [("09-add-claim.png", "tunisia-israel.ron", BUNDLED)];

/// The model a shot shows.
pub fn shot_model(shot: &Shot) -> Result<Model, String> {
    if let Some((_, name, text)) = FROM_FILES.iter().find(|(f, _, _)| *f == shot.file) {
        let dir = tempfile_dir()?;
        let path = dir.join(name);
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        let loaded = linkchart::dossier::load_paths(std::slice::from_ref(&path))
            .map_err(|d| format!("{name} does not load: {d:?}"))?;
        let mut m = Model::new(Chart::from_loaded(loaded), None, Theme::color(), COLS, ROWS);
        m.live.files = vec![path];
        let result = press(m, shot.keys);
        let _ = fs::remove_dir_all(&dir);
        return result;
    }
    match OTHER_DOSSIERS
        .iter()
        .find(|(file, _, _)| *file == shot.file)
    {
        Some((_, name, text)) => model_of(name, text, shot.keys),
        None => model(shot.keys),
    }
}

/// A new, empty folder under the system's temporary folder.
fn tempfile_dir() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("linkchart-shot-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

/// The explorer's model for `keys`, built as `linkchart` builds it.
pub fn model(keys: &str) -> Result<Model, String> {
    model_of(BUNDLED_NAME, BUNDLED, keys)
}

/// The explorer's model of the dossier `text` after `keys`.
pub fn model_of(name: &str, text: &str, keys: &str) -> Result<Model, String> {
    let loaded = load_str(name, text).map_err(|d| format!("{name} does not load: {d:?}"))?;
    let m = Model::new(Chart::new(loaded.dossier), None, Theme::color(), COLS, ROWS);
    press(m, keys)
}

/// `m` after `keys`; an error when they quit the explorer.
fn press(mut m: Model, keys: &str) -> Result<Model, String> {
    for key in parse_keys(keys)? {
        m.handle_key(key);
        if m.quit {
            return Err(format!("`{keys}` quits the explorer"));
        }
    }
    Ok(m)
}

// ------------------------------------------------------------------ fonts --

pub const FONT_DIR: &str = "/usr/share/fonts/truetype/dejavu";
pub const FONT_PACKAGE: &str = "fonts-dejavu-core";
/// Every font file used, all from `FONT_PACKAGE`.
pub const FONT_FILES: [&str; 4] = [
    "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold.ttf",
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
];

/// The first font file that is missing, if any.
pub fn missing_font() -> Option<PathBuf> {
    FONT_FILES
        .iter()
        .map(|f| Path::new(FONT_DIR).join(f))
        .find(|p| !p.is_file())
}

pub struct Fonts {
    mono: FontVec,
    mono_bold: FontVec,
    sans: FontVec,
    sans_bold: FontVec,
}

impl Fonts {
    pub fn load() -> Result<Fonts, String> {
        let load = |name: &str| -> Result<FontVec, String> {
            let path = Path::new(FONT_DIR).join(name);
            let bytes = fs::read(&path).map_err(|e| {
                format!(
                    "cannot read the font {}: {e}\n\
                     The screenshots use DejaVu Sans Mono from the Debian package \
                     {FONT_PACKAGE}: sudo apt-get install {FONT_PACKAGE}",
                    path.display()
                )
            })?;
            FontVec::try_from_vec(bytes).map_err(|e| format!("{}: {e}", path.display()))
        };
        Ok(Fonts {
            mono: load(FONT_FILES[0])?,
            mono_bold: load(FONT_FILES[1])?,
            sans: load(FONT_FILES[2])?,
            sans_bold: load(FONT_FILES[3])?,
        })
    }
}

// ---------------------------------------------------------------- palette --

type Rgb = [u8; 3];

const fn hex(v: u32) -> Rgb {
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

/// One Half Dark, as shipped with Windows Terminal and many others.
const FG: Rgb = hex(0xdcdfe4);
const BG: Rgb = hex(0x282c34);
const ANSI: [Rgb; 16] = [
    hex(0x282c34), // black
    hex(0xe06c75), // red
    hex(0x98c379), // green
    hex(0xe5c07b), // yellow
    hex(0x61afef), // blue
    hex(0xc678dd), // magenta
    hex(0x56b6c2), // cyan
    hex(0xdcdfe4), // white
    hex(0x5a6374), // bright black
    hex(0xe06c75), // bright red
    hex(0x98c379), // bright green
    hex(0xe5c07b), // bright yellow
    hex(0x61afef), // bright blue
    hex(0xc678dd), // bright magenta
    hex(0x56b6c2), // bright cyan
    hex(0xffffff), // bright white
];
/// The window around the terminal.
const CHROME: Rgb = hex(0x21252b);
const CHROME_EDGE: Rgb = hex(0x181a1f);
const CHROME_TEXT: Rgb = hex(0x9da5b4);
const LIGHTS: [Rgb; 3] = [hex(0xff5f57), hex(0xfebc2e), hex(0x28c840)];

fn xterm256(i: u8) -> Rgb {
    match i {
        0..=15 => ANSI[i as usize],
        16..=231 => {
            let i = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            [level(i / 36), level(i / 6 % 6), level(i % 6)]
        }
        _ => {
            let v = 8 + (i - 232) * 10;
            [v, v, v]
        }
    }
}

fn rgb(c: Color, default: Rgb) -> Rgb {
    match c {
        Color::Reset => default,
        Color::Black => ANSI[0],
        Color::Red => ANSI[1],
        Color::Green => ANSI[2],
        Color::Yellow => ANSI[3],
        Color::Blue => ANSI[4],
        Color::Magenta => ANSI[5],
        Color::Cyan => ANSI[6],
        Color::Gray => ANSI[7],
        Color::DarkGray => ANSI[8],
        Color::LightRed => ANSI[9],
        Color::LightGreen => ANSI[10],
        Color::LightYellow => ANSI[11],
        Color::LightBlue => ANSI[12],
        Color::LightMagenta => ANSI[13],
        Color::LightCyan => ANSI[14],
        Color::White => ANSI[15],
        Color::Indexed(i) => xterm256(i),
        Color::Rgb(r, g, b) => [r, g, b],
    }
}

/// `a` moved towards `b` by `t` (0..=256), in gamma 2 light so that text
/// keeps its weight on a dark background. Integer maths and `sqrt` only:
/// the same bytes on every machine.
fn mix(a: Rgb, b: Rgb, t: u32) -> Rgb {
    if t == 0 {
        return a;
    }
    if t >= 256 {
        return b;
    }
    let mut out = [0u8; 3];
    for k in 0..3 {
        let (x, y) = (a[k] as u32, b[k] as u32);
        let lin = (x * x * (256 - t) + y * y * t) / 256;
        out[k] = (lin as f64).sqrt().round().min(255.0) as u8;
    }
    out
}

// ----------------------------------------------------------------- canvas --

pub struct Image {
    pub width: u32,
    pub height: u32,
    /// RGBA, row by row.
    pub rgba: Vec<u8>,
}

impl Image {
    fn new(width: u32, height: u32) -> Image {
        Image {
            width,
            height,
            rgba: vec![0; (width * height * 4) as usize],
        }
    }

    fn get(&self, x: u32, y: u32) -> Rgb {
        let i = ((y * self.width + x) * 4) as usize;
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]]
    }

    fn put(&mut self, x: u32, y: u32, c: Rgb, alpha: u8) {
        let i = ((y * self.width + x) * 4) as usize;
        self.rgba[i..i + 4].copy_from_slice(&[c[0], c[1], c[2], alpha]);
    }

    /// Blends `c` over the pixel with coverage `t` (0..=256).
    fn blend(&mut self, x: i32, y: i32, c: Rgb, t: u32) {
        if x < 0 || y < 0 || x as u32 >= self.width || y as u32 >= self.height || t == 0 {
            return;
        }
        let (x, y) = (x as u32, y as u32);
        let under = self.get(x, y);
        let i = ((y * self.width + x) * 4 + 3) as usize;
        let alpha = self.rgba[i];
        self.put(x, y, mix(under, c, t), alpha);
    }

    fn fill(&mut self, x: i32, y: i32, w: i32, h: i32, c: Rgb) {
        for yy in y.max(0)..(y + h).min(self.height as i32) {
            for xx in x.max(0)..(x + w).min(self.width as i32) {
                self.put(xx as u32, yy as u32, c, 255);
            }
        }
    }

    pub fn png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, self.width, self.height);
            enc.set_color(png::ColorType::Rgba);
            enc.set_depth(png::BitDepth::Eight);
            enc.set_compression(png::Compression::High);
            let mut w = enc.write_header().expect("writing to memory");
            w.write_image_data(&self.rgba).expect("writing to memory");
        }
        out
    }
}

// ------------------------------------------------------------ rasteriser --

/// Cell size in pixels, and the font size that fills it.
pub const CELL_W: i32 = 9;
pub const CELL_H: i32 = 18;
const FONT_PX: f32 = 15.0;
/// Slant of synthetic italics (DejaVu's own oblique is the upright sheared).
const SLANT: f32 = 0.2;
/// Padding around the cells, and the window's title bar.
const PAD: i32 = 12;
const BAR: i32 = 30;
const RADIUS: i32 = 10;

/// Image size for a `cols`×`rows` terminal.
pub fn image_size(cols: u16, rows: u16) -> (u32, u32) {
    (
        (cols as i32 * CELL_W + 2 * PAD) as u32,
        (BAR + rows as i32 * CELL_H + 2 * PAD) as u32,
    )
}

/// Where cell (0, 0) starts in the image.
pub fn grid_origin() -> (i32, i32) {
    (PAD, BAR + PAD)
}

/// A glyph's coverage, placed relative to its cell's top-left corner.
struct Bitmap {
    left: i32,
    top: i32,
    width: i32,
    /// 0..=256 per pixel.
    cov: Vec<u32>,
}

pub struct Rasteriser {
    fonts: Fonts,
    /// Distance from the cell top to the baseline.
    baseline: f32,
    cache: HashMap<(char, bool, bool, i32), Option<Bitmap>>,
}

/// Box-drawing arms (up, right, down, left) for U+2500..=U+257F:
/// 0 none, 1 light, 2 heavy, 3 double. Dashes are drawn solid; the
/// diagonals (U+2571..=U+2573) come from the font.
fn box_arms(c: char) -> Option<[u8; 4]> {
    const T: [[u8; 4]; 128] = [
        [0, 1, 0, 1], // ─
        [0, 2, 0, 2], // ━
        [1, 0, 1, 0], // │
        [2, 0, 2, 0], // ┃
        [0, 1, 0, 1], // ┄
        [0, 2, 0, 2], // ┅
        [1, 0, 1, 0], // ┆
        [2, 0, 2, 0], // ┇
        [0, 1, 0, 1], // ┈
        [0, 2, 0, 2], // ┉
        [1, 0, 1, 0], // ┊
        [2, 0, 2, 0], // ┋
        [0, 1, 1, 0], // ┌
        [0, 2, 1, 0], // ┍
        [0, 1, 2, 0], // ┎
        [0, 2, 2, 0], // ┏
        [0, 0, 1, 1], // ┐
        [0, 0, 1, 2], // ┑
        [0, 0, 2, 1], // ┒
        [0, 0, 2, 2], // ┓
        [1, 1, 0, 0], // └
        [1, 2, 0, 0], // ┕
        [2, 1, 0, 0], // ┖
        [2, 2, 0, 0], // ┗
        [1, 0, 0, 1], // ┘
        [1, 0, 0, 2], // ┙
        [2, 0, 0, 1], // ┚
        [2, 0, 0, 2], // ┛
        [1, 1, 1, 0], // ├
        [1, 2, 1, 0], // ┝
        [2, 1, 1, 0], // ┞
        [1, 1, 2, 0], // ┟
        [2, 1, 2, 0], // ┠
        [2, 2, 1, 0], // ┡
        [1, 2, 2, 0], // ┢
        [2, 2, 2, 0], // ┣
        [1, 0, 1, 1], // ┤
        [1, 0, 1, 2], // ┥
        [2, 0, 1, 1], // ┦
        [1, 0, 2, 1], // ┧
        [2, 0, 2, 1], // ┨
        [2, 0, 1, 2], // ┩
        [1, 0, 2, 2], // ┪
        [2, 0, 2, 2], // ┫
        [0, 1, 1, 1], // ┬
        [0, 1, 1, 2], // ┭
        [0, 2, 1, 1], // ┮
        [0, 2, 1, 2], // ┯
        [0, 1, 2, 1], // ┰
        [0, 1, 2, 2], // ┱
        [0, 2, 2, 1], // ┲
        [0, 2, 2, 2], // ┳
        [1, 1, 0, 1], // ┴
        [1, 1, 0, 2], // ┵
        [1, 2, 0, 1], // ┶
        [1, 2, 0, 2], // ┷
        [2, 1, 0, 1], // ┸
        [2, 1, 0, 2], // ┹
        [2, 2, 0, 1], // ┺
        [2, 2, 0, 2], // ┻
        [1, 1, 1, 1], // ┼
        [1, 1, 1, 2], // ┽
        [1, 2, 1, 1], // ┾
        [1, 2, 1, 2], // ┿
        [2, 1, 1, 1], // ╀
        [1, 1, 2, 1], // ╁
        [2, 1, 2, 1], // ╂
        [2, 1, 1, 2], // ╃
        [2, 2, 1, 1], // ╄
        [1, 1, 2, 2], // ╅
        [1, 2, 2, 1], // ╆
        [2, 2, 1, 2], // ╇
        [1, 2, 2, 2], // ╈
        [2, 1, 2, 2], // ╉
        [2, 2, 2, 1], // ╊
        [2, 2, 2, 2], // ╋
        [0, 1, 0, 1], // ╌
        [0, 2, 0, 2], // ╍
        [1, 0, 1, 0], // ╎
        [2, 0, 2, 0], // ╏
        [0, 3, 0, 3], // ═
        [3, 0, 3, 0], // ║
        [0, 3, 1, 0], // ╒
        [0, 1, 3, 0], // ╓
        [0, 3, 3, 0], // ╔
        [0, 0, 1, 3], // ╕
        [0, 0, 3, 1], // ╖
        [0, 0, 3, 3], // ╗
        [1, 3, 0, 0], // ╘
        [3, 1, 0, 0], // ╙
        [3, 3, 0, 0], // ╚
        [1, 0, 0, 3], // ╛
        [3, 0, 0, 1], // ╜
        [3, 0, 0, 3], // ╝
        [1, 3, 1, 0], // ╞
        [3, 1, 3, 0], // ╟
        [3, 3, 3, 0], // ╠
        [1, 0, 1, 3], // ╡
        [3, 0, 3, 1], // ╢
        [3, 0, 3, 3], // ╣
        [0, 3, 1, 3], // ╤
        [0, 1, 3, 1], // ╥
        [0, 3, 3, 3], // ╦
        [1, 3, 0, 3], // ╧
        [3, 1, 0, 1], // ╨
        [3, 3, 0, 3], // ╩
        [1, 3, 1, 3], // ╪
        [3, 1, 3, 1], // ╫
        [3, 3, 3, 3], // ╬
        [0, 1, 1, 0], // ╭
        [0, 0, 1, 1], // ╮
        [1, 0, 0, 1], // ╯
        [1, 1, 0, 0], // ╰
        [0, 0, 0, 0], // ╱ (font)
        [0, 0, 0, 0], // ╲ (font)
        [0, 0, 0, 0], // ╳ (font)
        [0, 0, 0, 1], // ╴
        [1, 0, 0, 0], // ╵
        [0, 1, 0, 0], // ╶
        [0, 0, 1, 0], // ╷
        [0, 0, 0, 2], // ╸
        [2, 0, 0, 0], // ╹
        [0, 2, 0, 0], // ╺
        [0, 0, 2, 0], // ╻
        [0, 2, 0, 1], // ╼
        [1, 0, 2, 0], // ╽
        [0, 1, 0, 2], // ╾
        [2, 0, 1, 0], // ╿
    ];
    let i = (c as u32).checked_sub(0x2500)?;
    T.get(i as usize).copied().filter(|a| a != &[0; 4])
}

/// Line thickness of a light and a heavy stroke; half the gap of a double.
const LIGHT: i32 = 1;
const HEAVY: i32 = 3;
const DOUBLE: i32 = 1;

/// Draws box-drawing arms into the cell at (x0, y0).
fn draw_box(img: &mut Image, x0: i32, y0: i32, arms: [u8; 4], c: Rgb) {
    let (cx, cy) = (x0 + CELL_W / 2, y0 + CELL_H / 2);
    let (x1, y1) = (x0 + CELL_W - 1, y0 + CELL_H - 1);
    let [up, right, down, left] = arms;
    // How far a stroke of weight `w` reaches either side of the centre line.
    let half = |w: u8| match w {
        1 => (LIGHT - 1) / 2,
        2 => HEAVY / 2,
        3 => DOUBLE,
        _ => 0,
    };
    let thick = |w: u8| if w == 2 { HEAVY } else { LIGHT };
    let hv = half(up).max(half(down));
    let hh = half(left).max(half(right));
    // A filled rectangle given by inclusive corners, in either order.
    let mut rect = |ax: i32, ay: i32, bx: i32, by: i32| {
        let (l, r) = (ax.min(bx), ax.max(bx));
        let (t, b) = (ay.min(by), ay.max(by));
        img.fill(l, t, r - l + 1, b - t + 1, c);
    };
    // Horizontal arms: `edge` is the cell edge they start from, `dir` the
    // direction towards the centre (+1 from the left, -1 from the right).
    for (w, edge, dir) in [(left, x0, 1), (right, x1, -1)] {
        match w {
            0 => {}
            3 => {
                for (side, side_w) in [(-1, up), (1, down)] {
                    let y = cy + side * DOUBLE;
                    let end = match side_w {
                        3 => cx - dir * DOUBLE,
                        0 => cx + dir * hv,
                        _ => cx,
                    };
                    rect(edge, y, end, y);
                }
            }
            _ => {
                let t = thick(w);
                rect(edge, cy - (t - 1) / 2, cx + dir * hv, cy + t / 2);
            }
        }
    }
    for (w, edge, dir) in [(up, y0, 1), (down, y1, -1)] {
        match w {
            0 => {}
            3 => {
                for (side, side_w) in [(-1, left), (1, right)] {
                    let x = cx + side * DOUBLE;
                    let end = match side_w {
                        3 => cy - dir * DOUBLE,
                        0 => cy + dir * hh,
                        _ => cy,
                    };
                    rect(x, edge, x, end);
                }
            }
            _ => {
                let t = thick(w);
                rect(cx - (t - 1) / 2, edge, cx + t / 2, cy + dir * hh);
            }
        }
    }
}

/// Draws a block element (U+2580..=U+2595, shades excepted), if `c` is one.
fn draw_block(img: &mut Image, x0: i32, y0: i32, c: char, fg: Rgb) -> bool {
    let eighths_w = |n: i32| (CELL_W * n + 4) / 8;
    let eighths_h = |n: i32| (CELL_H * n + 4) / 8;
    let (w, h) = (CELL_W, CELL_H);
    let (x, y, rw, rh) = match c as u32 {
        0x2580 => (0, 0, w, h / 2),
        n @ 0x2581..=0x2588 => {
            let hh = eighths_h(n as i32 - 0x2580);
            (0, h - hh, w, hh)
        }
        n @ 0x2589..=0x258f => (0, 0, eighths_w(0x2590 - n as i32), h),
        0x2590 => (w / 2, 0, w - w / 2, h),
        0x2594 => (0, 0, w, eighths_h(1)),
        0x2595 => (w - eighths_w(1), 0, eighths_w(1), h),
        _ => return false,
    };
    img.fill(x0 + x, y0 + y, rw, rh, fg);
    true
}

/// Draws a braille pattern (U+2800..=U+28FF) as square dots.
fn draw_braille(img: &mut Image, x0: i32, y0: i32, c: char, fg: Rgb) -> bool {
    let Some(bits) = (c as u32).checked_sub(0x2800).filter(|b| *b <= 0xff) else {
        return false;
    };
    // Dots 1-3 and 7 on the left, 4-6 and 8 on the right.
    const DOTS: [(i32, i32); 8] = [
        (0, 0),
        (0, 1),
        (0, 2),
        (1, 0),
        (1, 1),
        (1, 2),
        (0, 3),
        (1, 3),
    ];
    const XS: [i32; 2] = [1, 6];
    const YS: [i32; 4] = [1, 6, 10, 15];
    for (k, (col, row)) in DOTS.iter().enumerate() {
        if bits & (1 << k) != 0 {
            img.fill(x0 + XS[*col as usize], y0 + YS[*row as usize], 2, 2, fg);
        }
    }
    true
}

/// `outline` sheared to the right by `SLANT` (an oblique).
fn slant(mut outline: ab_glyph::Outline) -> ab_glyph::Outline {
    let s = |p: Point| Point {
        x: p.x + p.y * SLANT,
        y: p.y,
    };
    for curve in &mut outline.curves {
        *curve = match *curve {
            OutlineCurve::Line(a, b) => OutlineCurve::Line(s(a), s(b)),
            OutlineCurve::Quad(a, b, c) => OutlineCurve::Quad(s(a), s(b), s(c)),
            OutlineCurve::Cubic(a, b, c, d) => OutlineCurve::Cubic(s(a), s(b), s(c), s(d)),
        };
    }
    let b = &mut outline.bounds;
    let (lo, hi) = (b.min.y * SLANT, b.max.y * SLANT);
    b.min.x += lo.min(hi);
    b.max.x += lo.max(hi);
    outline
}

impl Rasteriser {
    pub fn new(fonts: Fonts) -> Rasteriser {
        let scaled = fonts.mono.as_scaled(px_scale(&fonts.mono, FONT_PX));
        let line = scaled.ascent() - scaled.descent();
        let baseline = ((CELL_H as f32 - line) / 2.0 + scaled.ascent()).round();
        Rasteriser {
            fonts,
            baseline,
            cache: HashMap::new(),
        }
    }

    /// The coverage of `c` in a span `span` pixels wide: from the monospace
    /// font, else DejaVu Sans (shrunk to fit), else `None`.
    fn glyph(&mut self, c: char, bold: bool, italic: bool, span: i32) -> Option<&Bitmap> {
        let key = (c, bold, italic, span);
        if !self.cache.contains_key(&key) {
            let fonts = &self.fonts;
            let candidates = if bold {
                [&fonts.mono_bold, &fonts.sans_bold]
            } else {
                [&fonts.mono, &fonts.sans]
            };
            let bitmap = candidates.iter().find_map(|font| {
                let id = font.glyph_id(c);
                (id != GlyphId(0)).then(|| rasterise(font, id, span, self.baseline, italic))
            });
            self.cache.insert(key, bitmap);
        }
        self.cache[&key].as_ref()
    }

    /// Draws the buffer as a terminal window.
    pub fn draw(&mut self, buf: &Buffer, title: &str) -> Image {
        let (cols, rows) = (buf.area.width, buf.area.height);
        let (w, h) = image_size(cols, rows);
        let mut img = Image::new(w, h);
        self.window(&mut img, title);
        let (ox, oy) = grid_origin();
        // Each cell's colours and what to draw in it, resolved once.
        struct Cell<'a> {
            x: i32,
            y: i32,
            span: i32,
            sym: &'a str,
            fg: Rgb,
            bg: Rgb,
            m: Modifier,
        }
        let mut cells = Vec::new();
        for row in 0..rows {
            let mut col = 0;
            while col < cols {
                let cell = &buf[(col, row)];
                let sym = cell.symbol();
                let width = sym.width().clamp(1, 2) as u16;
                let m = cell.modifier;
                let (mut fg, mut bg) = (rgb(cell.fg, FG), rgb(cell.bg, BG));
                if m.contains(Modifier::REVERSED) {
                    (fg, bg) = (bg, fg);
                }
                if m.contains(Modifier::DIM) {
                    fg = mix(fg, bg, 115);
                }
                if m.contains(Modifier::HIDDEN) {
                    fg = bg;
                }
                let span = width.min(cols - col) as i32;
                cells.push(Cell {
                    x: ox + col as i32 * CELL_W,
                    y: oy + row as i32 * CELL_H,
                    span: span * CELL_W,
                    sym,
                    fg,
                    bg,
                    m,
                });
                // A wide character covers the next cell, filler and all.
                col += width;
            }
        }
        // Backgrounds first, so that glyphs may overhang their cells.
        for c in &cells {
            img.fill(c.x, c.y, c.span, CELL_H, c.bg);
        }
        for c in &cells {
            let bold = c.m.contains(Modifier::BOLD);
            let italic = c.m.contains(Modifier::ITALIC);
            for ch in c.sym.chars() {
                if ch == ' ' {
                    continue;
                }
                if let Some(arms) = box_arms(ch) {
                    draw_box(&mut img, c.x, c.y, arms, c.fg);
                    continue;
                }
                if draw_block(&mut img, c.x, c.y, ch, c.fg)
                    || draw_braille(&mut img, c.x, c.y, ch, c.fg)
                {
                    continue;
                }
                match self.glyph(ch, bold, italic, c.span) {
                    Some(g) => blit(&mut img, c.x, c.y, g, c.fg),
                    None => tofu(&mut img, c.x, c.y, c.span, c.fg),
                }
            }
            let line = |img: &mut Image, y: i32| img.fill(c.x, c.y + y, c.span, 1, c.fg);
            if c.m.contains(Modifier::UNDERLINED) {
                line(&mut img, self.baseline as i32 + 2);
            }
            if c.m.contains(Modifier::CROSSED_OUT) {
                line(&mut img, CELL_H / 2);
            }
        }
        img
    }

    /// The window: rounded corners, a title bar with three lights and
    /// `title`, the terminal's background.
    fn window(&mut self, img: &mut Image, title: &str) {
        let (w, h) = (img.width as i32, img.height as i32);
        // 4×4 samples a pixel for the rounded corners.
        let inside = |x: i32, y: i32| -> u32 {
            let mut n = 0;
            for sy in 0..4 {
                for sx in 0..4 {
                    let px = x as f32 + (sx as f32 + 0.5) / 4.0;
                    let py = y as f32 + (sy as f32 + 0.5) / 4.0;
                    let r = RADIUS as f32;
                    let cx = px.clamp(r, w as f32 - r);
                    let cy = py.clamp(r, h as f32 - r);
                    let (dx, dy) = (px - cx, py - cy);
                    if dx * dx + dy * dy <= r * r {
                        n += 1;
                    }
                }
            }
            n
        };
        for y in 0..h {
            for x in 0..w {
                let n = inside(x, y);
                if n == 0 {
                    continue;
                }
                let edge = x == 0 || y == 0 || x == w - 1 || y == h - 1 || n < 16;
                let body = if y < BAR { CHROME } else { BG };
                let c = if edge { CHROME_EDGE } else { body };
                img.put(x as u32, y as u32, c, (n * 255 / 16) as u8);
            }
        }
        // A hairline under the title bar.
        img.fill(1, BAR - 1, w - 2, 1, CHROME_EDGE);
        for (k, light) in LIGHTS.iter().enumerate() {
            disc(img, PAD + 8 + 20 * k as i32, BAR / 2, 6, *light);
        }
        self.label(img, title, BAR / 2);
    }

    /// `text` centred on the title bar, in DejaVu Sans at 13 px.
    fn label(&self, img: &mut Image, text: &str, mid_y: i32) {
        let font = &self.fonts.sans;
        let scale = px_scale(font, 13.0);
        let scaled = font.as_scaled(scale);
        let width: f32 = text
            .chars()
            .map(|c| scaled.h_advance(font.glyph_id(c)))
            .sum();
        let baseline = (mid_y as f32 + (scaled.ascent() + scaled.descent()) / 2.0).round();
        let mut x = ((img.width as f32 - width) / 2.0).round();
        for c in text.chars() {
            let id = font.glyph_id(c);
            let glyph = Glyph {
                id,
                scale,
                position: ab_glyph::point(x, baseline),
            };
            if let Some(o) = font.outline_glyph(glyph) {
                let b = o.px_bounds();
                o.draw(|gx, gy, v| {
                    img.blend(
                        b.min.x as i32 + gx as i32,
                        b.min.y as i32 + gy as i32,
                        CHROME_TEXT,
                        (v.clamp(0.0, 1.0) * 256.0).round() as u32,
                    )
                });
            }
            x += scaled.h_advance(id);
        }
    }
}

/// The scale at which `font`'s em is `px` pixels.
fn px_scale(font: &FontVec, px: f32) -> ab_glyph::PxScale {
    let em = font.units_per_em().unwrap_or(2048.0);
    ab_glyph::PxScale::from(px * font.height_unscaled() / em)
}

/// Rasterises glyph `id` of `font` centred in a span `span` pixels wide,
/// shrunk if its advance is wider than the span.
fn rasterise(font: &FontVec, id: GlyphId, span: i32, baseline: f32, italic: bool) -> Bitmap {
    let mut scale = px_scale(font, FONT_PX);
    let advance = font.as_scaled(scale).h_advance(id);
    // The monospace advance is a hair over 9 px: only shrink real misfits.
    if advance > span as f32 + 1.0 {
        let k = span as f32 / advance;
        scale = ab_glyph::PxScale {
            x: scale.x * k,
            y: scale.y * k,
        };
    }
    let advance = font.as_scaled(scale).h_advance(id);
    let glyph = Glyph {
        id,
        scale,
        position: ab_glyph::point((span as f32 - advance) / 2.0, baseline),
    };
    let Some(outline) = font.outline(id) else {
        return Bitmap {
            left: 0,
            top: 0,
            width: 0,
            cov: Vec::new(),
        };
    };
    let outline = if italic { slant(outline) } else { outline };
    let o = OutlinedGlyph::new(glyph, outline, font.as_scaled(scale).scale_factor());
    let b = o.px_bounds();
    let (left, top) = (b.min.x as i32, b.min.y as i32);
    let width = b.width() as i32;
    let height = b.height() as i32;
    let mut cov = vec![0u32; (width.max(0) * height.max(0)) as usize];
    o.draw(|x, y, v| {
        let i = (y as i32 * width + x as i32) as usize;
        if let Some(p) = cov.get_mut(i) {
            *p = (v.clamp(0.0, 1.0) * 256.0).round() as u32;
        }
    });
    Bitmap {
        left,
        top,
        width,
        cov,
    }
}

fn blit(img: &mut Image, x0: i32, y0: i32, g: &Bitmap, fg: Rgb) {
    if g.width == 0 {
        return;
    }
    for (i, &t) in g.cov.iter().enumerate() {
        let (x, y) = (i as i32 % g.width, i as i32 / g.width);
        img.blend(x0 + g.left + x, y0 + g.top + y, fg, t);
    }
}

/// The box a terminal shows for a character no font has.
fn tofu(img: &mut Image, x0: i32, y0: i32, span: i32, fg: Rgb) {
    let (l, t, r, b) = (x0 + 1, y0 + 3, x0 + span - 2, y0 + CELL_H - 4);
    img.fill(l, t, r - l + 1, 1, fg);
    img.fill(l, b, r - l + 1, 1, fg);
    img.fill(l, t, 1, b - t + 1, fg);
    img.fill(r, t, 1, b - t + 1, fg);
}

/// An antialiased disc.
fn disc(img: &mut Image, cx: i32, cy: i32, r: i32, c: Rgb) {
    for y in cy - r - 1..=cy + r + 1 {
        for x in cx - r - 1..=cx + r + 1 {
            let mut n = 0;
            for sy in 0..4 {
                for sx in 0..4 {
                    let dx = x as f32 + (sx as f32 + 0.5) / 4.0 - (cx as f32 + 0.5);
                    let dy = y as f32 + (sy as f32 + 0.5) / 4.0 - (cy as f32 + 0.5);
                    if dx * dx + dy * dy <= (r * r) as f32 {
                        n += 1;
                    }
                }
            }
            img.blend(x, y, c, n * 16);
        }
    }
}

// ------------------------------------------------------------------- main --

/// The PNG bytes of one shot.
pub fn shot_png(raster: &mut Rasteriser, shot: &Shot) -> Result<Vec<u8>, String> {
    let m = shot_model(shot)?;
    let buf = render_buffer(&m);
    let title = if shot.keys.is_empty() {
        "linkchart".to_string()
    } else {
        format!("linkchart — keys: {}", shot.keys)
    };
    Ok(raster.draw(&buf, &title).png())
}

/// Renders every shot into `dir` (created if need be); returns the files.
pub fn write_all(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut raster = Rasteriser::new(Fonts::load()?);
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for shot in &SHOTS {
        let bytes = shot_png(&mut raster, shot).map_err(|e| format!("{}: {e}", shot.file))?;
        let path = dir.join(shot.file);
        fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let dir = match (args.next(), args.next()) {
        (None, _) => Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots"),
        (Some(d), None) if d != "-h" && d != "--help" => PathBuf::from(d),
        _ => {
            eprintln!("usage: cargo run --release --example screenshots [-- OUT_DIR]");
            return ExitCode::from(2);
        }
    };
    match write_all(&dir) {
        Ok(files) => {
            for f in files {
                println!("wrote {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("screenshots: {e}");
            ExitCode::FAILURE
        }
    }
}
