//! The user's theme file: roles of [`Theme`] recoloured by field name.
//!
//! ```ron
//! (
//!     border_focused: "cyan",
//!     cursor: (fg: "black", bg: "#5fafd7", bold: true),
//!     grade: 214,
//! )
//! ```
//!
//! A role given a colour (a name, `"#rrggbb"`, or an index 0–255, quoted or
//! not) keeps its built-in modifiers and takes that foreground; a role given
//! a style `(fg, bg, bold, italic, reversed, underlined, dim)` is exactly that
//! style. Every mistake is a [`Diagnostic`] naming the file, line and column.

use std::fmt;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::model::theme::Theme;
use crate::dossier::Diagnostic;
use crate::dossier::diag::suggest;

/// The colour names a theme accepts (ratatui's also accepts `grey`, `bright-…`
/// and a few other spellings of these).
pub const COLOUR_NAMES: [&str; 17] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark-gray",
    "light-red",
    "light-green",
    "light-yellow",
    "light-blue",
    "light-magenta",
    "light-cyan",
    "white",
    "reset",
];

struct Colour(Color);

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ColourVisitor)
    }
}

/// A colour given as a string or as a bare index.
struct ColourVisitor;

impl Visitor<'_> for ColourVisitor {
    type Value = Colour;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a colour: a name such as \"cyan\", \"#rrggbb\", or 0 to 255")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Colour, E> {
        parse_colour(s).map(Colour).map_err(E::custom)
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Colour, E> {
        index(n).map(Colour).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Colour, E> {
        self.visit_i64(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

fn index(n: i64) -> Result<Color, String> {
    u8::try_from(n)
        .map(Color::Indexed)
        .map_err(|_| format!("colour {n} is out of range; indexes are 0 to 255"))
}

/// A colour by name, `#rrggbb` or index.
pub fn parse_colour(s: &str) -> Result<Color, String> {
    if s.starts_with('#') && s.len() != 7 {
        return Err(format!("unknown colour `{s}`; a hex colour is `#rrggbb`"));
    }
    if let Ok(n) = s.parse::<i64>() {
        return index(n);
    }
    Color::from_str(s).map_err(|_| {
        let hint = suggest(s, COLOUR_NAMES)
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        format!(
            "unknown colour `{s}`; {hint}a colour is one of {}, \"#rrggbb\", or 0 to 255",
            COLOUR_NAMES.join(", ")
        )
    })
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum StyleField {
    Fg,
    Bg,
    Bold,
    Italic,
    Reversed,
    Underlined,
    Dim,
}

/// What the file says of one role.
#[derive(Debug, Clone)]
enum RoleValue {
    Fg(Color),
    Style(Style),
}

impl<'de> Deserialize<'de> for RoleValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RoleValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a colour (\"cyan\", \"#5fafd7\", 0 to 255) or a style (fg: …, bg: …, bold: true)",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RoleValue, E> {
                ColourVisitor.visit_str(s).map(|c| RoleValue::Fg(c.0))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<RoleValue, E> {
                ColourVisitor.visit_i64(n).map(|c| RoleValue::Fg(c.0))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<RoleValue, E> {
                ColourVisitor.visit_u64(n).map(|c| RoleValue::Fg(c.0))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RoleValue, A::Error> {
                let mut style = Style::new();
                let mut seen = Vec::new();
                while let Some(field) = map.next_key::<StyleField>()? {
                    let flag = match field {
                        StyleField::Fg => {
                            style = style.fg(map.next_value::<Colour>()?.0);
                            continue;
                        }
                        StyleField::Bg => {
                            style = style.bg(map.next_value::<Colour>()?.0);
                            continue;
                        }
                        StyleField::Bold => Modifier::BOLD,
                        StyleField::Italic => Modifier::ITALIC,
                        StyleField::Reversed => Modifier::REVERSED,
                        StyleField::Underlined => Modifier::UNDERLINED,
                        StyleField::Dim => Modifier::DIM,
                    };
                    if seen.contains(&flag) {
                        return Err(de::Error::custom("a style field is given twice"));
                    }
                    seen.push(flag);
                    if map.next_value::<bool>()? {
                        style = style.add_modifier(flag);
                    }
                }
                Ok(RoleValue::Style(style))
            }
        }
        d.deserialize_any(V)
    }
}

/// A role's name, checked against the theme's roles.
struct RoleName(&'static str);

impl<'de> Deserialize<'de> for RoleName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RoleName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a role such as `cursor`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RoleName, E> {
                if let Some(r) = Theme::ROLES.iter().find(|r| **r == s) {
                    return Ok(RoleName(r));
                }
                let hint = suggest(s, Theme::ROLES.iter().copied())
                    .map(|r| format!("did you mean `{r}`? "))
                    .unwrap_or_default();
                Err(E::custom(format!(
                    "unknown role `{s}`; {hint}roles are: {}",
                    Theme::ROLES.join(", ")
                )))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// The roles the file sets, in the order written.
#[derive(Debug, Clone)]
pub struct ThemeFile(Vec<(&'static str, RoleValue)>);

impl<'de> Deserialize<'de> for ThemeFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ThemeFile;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("roles such as `(cursor: \"cyan\")`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ThemeFile, A::Error> {
                let mut roles: Vec<(&'static str, RoleValue)> = Vec::new();
                while let Some(RoleName(role)) = map.next_key()? {
                    if roles.iter().any(|(r, _)| *r == role) {
                        return Err(de::Error::custom(format!("role `{role}` is given twice")));
                    }
                    roles.push((role, map.next_value()?));
                }
                Ok(ThemeFile(roles))
            }
        }
        d.deserialize_struct("", &[], V)
    }
}

impl ThemeFile {
    /// Reads the theme file `text`; `file` names it in messages.
    pub fn parse(file: &str, text: &str) -> Result<ThemeFile, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text
            .lines()
            .map(str::trim)
            .all(|l| l.is_empty() || l.starts_with("//"))
        {
            return Ok(ThemeFile(Vec::new()));
        }
        ron::Options::default()
            .with_recursion_limit(crate::dossier::load::MAX_NESTING)
            .from_str(text)
            .map_err(|e| crate::dossier::load::ron_error_in(file, &e, "theme"))
    }

    /// `base` with the file's roles applied.
    pub fn apply(&self, mut base: Theme) -> Theme {
        for (role, value) in &self.0 {
            if let Some(style) = base.role_mut(role) {
                *style = match value {
                    RoleValue::Fg(c) => style.fg(*c),
                    RoleValue::Style(s) => *s,
                };
            }
        }
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn themed(text: &str) -> Result<Theme, String> {
        ThemeFile::parse("theme.ron", text)
            .map(|f| f.apply(Theme::color()))
            .map_err(|d| d.to_string())
    }

    #[test]
    fn colours_and_styles_set_their_roles() {
        let t = themed(
            "(\n  border_focused: \"magenta\",\n  cursor: (fg: \"black\", bg: \"#5fafd7\", bold: true),\n  grade: 214,\n  meta: \"33\",\n)",
        )
        .unwrap();
        let base = Theme::color();
        // A colour keeps the role's modifiers.
        assert_eq!(
            t.border_focused,
            Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD)
        );
        // A style is exactly what it says.
        assert_eq!(
            t.cursor,
            Style::new()
                .fg(Color::Black)
                .bg(Color::Rgb(0x5f, 0xaf, 0xd7))
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(t.grade.fg, Some(Color::Indexed(214)));
        assert_eq!(t.meta.fg, Some(Color::Indexed(33)));
        // Roles not named are as built.
        assert_eq!(t.quote, base.quote);
        assert_eq!(t.title, base.title);
    }

    #[test]
    fn unknown_role_names_its_place_and_the_closest_role() {
        let e = themed("(\n  cursr: \"red\",\n)").unwrap_err();
        assert!(
            e.starts_with("theme.ron:2:3: error: unknown role `cursr`; did you mean `cursor`? roles are: title, border,"),
            "{e}"
        );
    }

    #[test]
    fn unknown_colour_names_its_place_and_the_closest_colour() {
        let e = themed("(border: \"cyna\")").unwrap_err();
        assert!(
            e.starts_with("theme.ron:1:11: error: unknown colour `cyna`; did you mean `cyan`?"),
            "{e}"
        );
        let e = themed("(\n  cursor: (fg: \"black\", bg: \"#5fafd\"),\n)").unwrap_err();
        assert!(
            e.starts_with(
                "theme.ron:2:30: error: unknown colour `#5fafd`; a hex colour is `#rrggbb`"
            ),
            "{e}"
        );
        let e = themed("(grade: 256)").unwrap_err();
        assert!(
            e.starts_with("theme.ron:1:9: error: colour 256 is out of range"),
            "{e}"
        );
        let e = themed("(grade: (fg: \"red\", blod: true))").unwrap_err();
        assert!(e.starts_with("theme.ron:1:"), "{e}");
        assert!(
            e.contains("`blod`") && e.contains("did you mean `bold`?"),
            "{e}"
        );
        let e = themed("(grade: true)").unwrap_err();
        assert!(
            e.starts_with("theme.ron:1:9: error:") && e.contains("a colour"),
            "{e}"
        );
    }

    #[test]
    fn a_role_given_twice_is_an_error() {
        let e = themed("(grade: \"red\",\n grade: \"red\")").unwrap_err();
        assert_eq!(e, "theme.ron:2:2: error: role `grade` is given twice");
    }

    #[test]
    fn empty_files_change_nothing() {
        for text in ["", "// later\n", "()"] {
            assert_eq!(themed(text).unwrap(), Theme::color(), "{text:?}");
        }
    }

    #[test]
    fn every_colour_name_parses() {
        for name in COLOUR_NAMES {
            parse_colour(name).unwrap();
        }
        assert_eq!(parse_colour("#5FAFD7"), Ok(Color::Rgb(0x5f, 0xaf, 0xd7)));
        assert_eq!(parse_colour("0"), Ok(Color::Indexed(0)));
    }
}
