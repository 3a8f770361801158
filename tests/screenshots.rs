//! The README's screenshots: the command that renders them still runs, every
//! file it writes is a valid PNG of the expected size, and the committed
//! `screenshots/` are byte for byte what the current build draws.
//!
//! The rendering code is the example itself (`examples/screenshots.rs`),
//! compiled into this test as a module, so the test runs exactly what
//! `cargo run --release --example screenshots` runs, without a nested cargo.

#[allow(dead_code)]
#[path = "../examples/screenshots.rs"]
mod screenshots;

use std::fs;
use std::io::Cursor;
use std::path::Path;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use screenshots::{CELL_H, CELL_W, COLS, FONT_PACKAGE, ROWS, SHOTS};

const REGENERATE: &str = "cargo run --release --example screenshots";

/// False (with a note on stderr) when the fonts are not installed.
fn fonts_present() -> bool {
    match screenshots::missing_font() {
        None => true,
        Some(path) => {
            eprintln!(
                "skipped: {} is missing; install the Debian package {FONT_PACKAGE} \
                 (.ci/run does) to check the screenshots",
                path.display()
            );
            false
        }
    }
}

/// Decodes a PNG completely (every chunk and checksum); returns its size.
fn decode(bytes: &[u8]) -> Result<(u32, u32), png::DecodingError> {
    let mut reader = png::Decoder::new(Cursor::new(bytes)).read_info()?;
    let mut buf = vec![0; reader.output_buffer_size().expect("size fits in memory")];
    let info = reader.next_frame(&mut buf)?;
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    Ok((info.width, info.height))
}

#[test]
fn screenshots_render_and_match_the_committed_files() {
    if !fonts_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let written = screenshots::write_all(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(written.len(), SHOTS.len());
    let expected = screenshots::image_size(COLS, ROWS);
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    let mut stale = Vec::new();
    for shot in &SHOTS {
        let fresh = fs::read(dir.path().join(shot.file))
            .unwrap_or_else(|e| panic!("{} was not written: {e}", shot.file));
        let size = decode(&fresh).unwrap_or_else(|e| panic!("{}: not a valid PNG: {e}", shot.file));
        assert_eq!(size, expected, "{}: image size", shot.file);
        match fs::read(committed.join(shot.file)) {
            Ok(old) if old == fresh => {}
            Ok(_) => stale.push(format!("{} differs from what the build draws", shot.file)),
            Err(_) => stale.push(format!("{} is missing", shot.file)),
        }
    }
    // Nothing in screenshots/ that the command does not make.
    if let Ok(entries) = fs::read_dir(&committed) {
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !SHOTS.iter().any(|s| s.file == name) {
                stale.push(format!("{name} is not made by the command (remove it)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "screenshots/ is out of date:\n  {}\nRegenerate with `{REGENERATE}`, look at every \
         changed image, and commit them.",
        stale.join("\n  ")
    );
}

#[test]
fn rendering_is_deterministic() {
    if !fonts_present() {
        return;
    }
    let mut r1 = screenshots::Rasteriser::new(screenshots::Fonts::load().unwrap());
    let mut r2 = screenshots::Rasteriser::new(screenshots::Fonts::load().unwrap());
    for shot in &SHOTS[..2] {
        let a = screenshots::shot_png(&mut r1, shot).unwrap();
        // A second rasteriser, and the first one again with its glyph cache warm.
        assert!(
            a == screenshots::shot_png(&mut r2, shot).unwrap(),
            "{}",
            shot.file
        );
        assert!(
            a == screenshots::shot_png(&mut r1, shot).unwrap(),
            "{}",
            shot.file
        );
    }
}

#[test]
fn shots_have_distinct_names_and_keys_that_parse() {
    for (i, shot) in SHOTS.iter().enumerate() {
        assert!(shot.file.ends_with(".png"), "{}", shot.file);
        assert!(
            SHOTS[..i].iter().all(|s| s.file != shot.file),
            "{} twice",
            shot.file
        );
        // Builds the model exactly as the example does; no key quits.
        screenshots::shot_model(shot).unwrap_or_else(|e| panic!("{}: {e}", shot.file));
    }
}

/// The colour of the pixel at (x, y) of cell (col, row), from its top-left.
fn pixel(img: &screenshots::Image, col: u16, row: u16, x: i32, y: i32) -> [u8; 3] {
    let (ox, oy) = screenshots::grid_origin();
    let px = (ox + col as i32 * CELL_W + x) as u32;
    let py = (oy + row as i32 * CELL_H + y) as u32;
    let i = ((py * img.width + px) * 4) as usize;
    [img.rgba[i], img.rgba[i + 1], img.rgba[i + 2]]
}

#[test]
fn cells_are_drawn_like_a_terminal() {
    if !fonts_present() {
        return;
    }
    let mut r = screenshots::Rasteriser::new(screenshots::Fonts::load().unwrap());
    // Box drawing that joins, a wide character over two cells, braille.
    let mut buf = Buffer::empty(Rect::new(0, 0, 8, 3));
    buf.set_string(0, 0, "┌──┐", ratatui::style::Style::new());
    buf.set_string(0, 1, "│漢│⣿", ratatui::style::Style::new());
    buf.set_string(0, 2, "└──┘", ratatui::style::Style::new());
    let img = r.draw(&buf, "test");
    let bg = pixel(&img, 7, 0, 0, 0);
    // The top line is unbroken across the corner and both dashes.
    let y = CELL_H / 2;
    for col in 0..4u16 {
        for x in 0..CELL_W {
            if col == 0 && x < CELL_W / 2 {
                continue;
            }
            if col == 3 && x > CELL_W / 2 {
                continue;
            }
            assert_ne!(
                pixel(&img, col, 0, x, y),
                bg,
                "gap in ┌──┐ at cell {col}, x {x}"
            );
        }
    }
    // The vertical lines run the full height of their cells.
    for y in 0..CELL_H {
        assert_ne!(pixel(&img, 0, 1, CELL_W / 2, y), bg, "gap in │ at y {y}");
    }
    // 漢 (no glyph in DejaVu: the box a terminal draws) covers cells 1 and 2;
    // the right border stays in cell 3.
    let ink = |col: u16| (0..CELL_W).any(|x| (0..CELL_H).any(|y| pixel(&img, col, 1, x, y) != bg));
    assert!(ink(1) && ink(2), "the wide character spans two cells");
    assert_ne!(
        pixel(&img, 3, 1, CELL_W / 2, 0),
        bg,
        "│ after the wide character"
    );
    // ⣿ has all eight dots.
    assert!(ink(4), "braille");
}
