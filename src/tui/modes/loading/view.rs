//! The loading screen: the chart's name, the step, files done of N, bytes
//! read, time so far; or, when the load failed, its problems.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use crate::dossier::progress::{Step, human_bytes};
use crate::sanitize::sanitize;
use crate::tui::model::loading::{Failure, Loading};
use crate::tui::model::text::truncate;

impl Widget for &Loading {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 20 || area.height < 6 {
            Paragraph::new(format!("Loading {}…", sanitize(&self.name)))
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        }
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let dim = Style::default().add_modifier(Modifier::DIM);
        let title = truncate(
            &format!(" linkchart: {} ", sanitize(&self.name)),
            area.width.saturating_sub(4) as usize,
        );
        let block = Block::bordered()
            .border_type(BorderType::Plain)
            .title(Span::styled(title, bold));
        let inner = block.inner(area);
        block.render(area, buf);
        match &self.failure {
            Some(f) => failure(f, inner, buf),
            None => progress(self, inner, buf, bold, dim),
        }
    }
}

fn progress(l: &Loading, area: Rect, buf: &mut Buffer, bold: Style, dim: Style) {
    let s = &l.seen;
    let step = s.step.map_or("starting", |s| s.label());
    let files = match s.files_total {
        0 => "–".to_string(),
        n => format!("{} of {n}", s.files_done),
    };
    let bytes = match s.bytes_total {
        0 => human_bytes(s.bytes_read),
        t => format!(
            "{} of {} ({}%)",
            human_bytes(s.bytes_read),
            human_bytes(t),
            (s.bytes_read.min(t) * 100 / t)
        ),
    };
    let row = |k: &'static str, v: String| {
        Line::from(vec![Span::styled(format!("  {k:<7} "), dim), Span::raw(v)])
    };
    let mut lines = vec![
        Line::from(Span::styled("  Loading the chart…", bold)),
        Line::raw(""),
        row("step", step.to_string()),
        row("files", files),
        row("read", bytes),
        row("time", format!("{:.1} s", l.elapsed.as_secs_f64())),
    ];
    // A bar, when there is room: of the bytes while reading (the files or
    // the parsed cache), then of the
    // files parsed when there are several (one file's parse cannot say how
    // far it has got, so it has no bar).
    let width = area.width.saturating_sub(4) as usize;
    let fraction = match s.step {
        None | Some(Step::Reading | Step::Cache) if s.bytes_total > 0 => {
            Some((s.bytes_read.min(s.bytes_total), s.bytes_total))
        }
        Some(Step::Parsing) if s.files_total > 1 => {
            Some((s.files_done.min(s.files_total) as u64, s.files_total as u64))
        }
        _ => None,
    };
    if let Some((part, whole)) = fraction
        && width >= 10
    {
        let done = (part as u128 * width as u128 / whole as u128) as usize;
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!(
            "  {}{}",
            "█".repeat(done),
            "░".repeat(width - done)
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled("  q or Ctrl-c: quit", dim)));
    let top = area.height.saturating_sub(lines.len() as u16) / 3;
    let area = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    Paragraph::new(lines).render(area, buf);
}

fn failure(f: &Failure, area: Rect, buf: &mut Buffer) {
    let errors = f.problems.iter().filter(|d| d.is_error()).count();
    let warnings = f.problems.len() - errors;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let head = Line::from(Span::styled(
        format!(
            " The chart could not be opened: {errors} error{}, {warnings} warning{}.",
            plural(errors),
            plural(warnings)
        ),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let foot = Line::from(Span::styled(
        " j/k: scroll · q: quit (the problems are printed again on exit)",
        Style::default().add_modifier(Modifier::DIM),
    ));
    let mut lines = vec![head, Line::raw("")];
    lines.extend(
        f.problems[f.scroll.min(f.problems.len())..]
            .iter()
            .map(|d| Line::raw(format!(" {d}"))),
    );
    let body = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(body, buf);
    if area.height > 0 {
        let last = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        Paragraph::new(foot).render(last, buf);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use crate::dossier::Diagnostic;
    use crate::dossier::progress::{Progress, Step};
    use crate::tui::model::loading::{Event, Loading};
    use crate::tui::modes::loading::update::update;

    fn screen(l: &Loading, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| f.render_widget(l, f.area())).unwrap();
        let buf = t.backend().buffer().clone();
        (0..h)
            .map(|y| {
                (0..w)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn shows_the_step_files_bytes_and_time() {
        let p = Arc::new(Progress::default());
        let mut l = Loading::new("reports".into(), p.clone());
        p.add_files(50, 49_000_000);
        p.read(24_500_000);
        for _ in 0..12 {
            p.file_done();
        }
        p.step(Step::Parsing);
        update(&mut l, Event::Tick(Duration::from_millis(1234)));
        let s = screen(&l, 80, 24);
        assert!(s.contains("linkchart: reports"), "{s}");
        assert!(s.contains("step    parsing"), "{s}");
        assert!(s.contains("files   12 of 50"), "{s}");
        assert!(s.contains("read    24.5 MB of 49.0 MB (50%)"), "{s}");
        assert!(s.contains("time    1.2 s"), "{s}");
        assert!(s.contains("q or Ctrl-c: quit"), "{s}");
        // While parsing, the bar follows the files: 12 of 50.
        let bar = s.lines().find(|l| l.contains('█')).expect("a bar");
        assert_eq!(bar.matches('█').count(), (80 - 2 - 4) * 12 / 50, "{bar}");
        // Tiny terminals get one line.
        assert!(screen(&l, 12, 3).contains("Loading"));
    }

    #[test]
    fn shows_the_cache_being_read() {
        let p = Arc::new(Progress::default());
        let mut l = Loading::new("big.ron".into(), p.clone());
        p.add_files(1, 24_000_000);
        p.step(Step::Cache);
        p.read(6_000_000);
        update(&mut l, Event::Tick(Duration::from_millis(100)));
        let s = screen(&l, 80, 24);
        assert!(s.contains("step    reading the cache"), "{s}");
        assert!(s.contains("read    6.0 MB of 24.0 MB (25%)"), "{s}");
        let bar = s.lines().find(|l| l.contains('█')).expect("a bar");
        assert_eq!(bar.matches('█').count(), (80 - 2 - 4) / 4, "{bar}");
    }

    #[test]
    fn shows_the_problems_inert() {
        let p = Arc::new(Progress::default());
        let mut l = Loading::new("a.ron".into(), p);
        update(
            &mut l,
            Event::Failed(vec![
                Diagnostic::warning("a.ron", "B has no relations").at(2, 1),
                Diagnostic::error("a.ron", "unknown actor `X\u{1b}[2J`").at(3, 9),
            ]),
        );
        let s = screen(&l, 80, 24);
        assert!(s.contains("could not be opened: 1 error, 1 warning"), "{s}");
        // Errors first: they are what stopped the load.
        let (e, w) = (
            s.find("a.ron:3:9: error: unknown actor"),
            s.find("a.ron:2:1"),
        );
        assert!(e.is_some() && w.is_some() && e < w, "{s}");
        assert!(!s.contains('\u{1b}'), "{s}");
        assert!(s.contains("q: quit"), "{s}");
    }
}
