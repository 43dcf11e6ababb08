//! `word/styles.xml`: which paragraph styles make list items or headings.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::Limits;
use super::xml::{attr, local};
use crate::error::{PartFault, Result};

#[derive(Debug, Default, Clone)]
struct StyleDef {
    based_on: Option<String>,
    name: String,
    /// `Some(0)` when the style's numPr names `numId 0` (numbering switched off).
    num_id: Option<u32>,
    ilvl: Option<u8>,
    outline: Option<u8>,
}

/// Paragraph styles, resolved through `basedOn`.
#[derive(Debug, Default)]
pub struct Styles {
    defs: HashMap<String, StyleDef>,
}

impl Styles {
    /// The list level a style gives its paragraphs, if it is a numbered/bulleted style.
    pub fn list_level(&self, style_id: &str) -> Option<u8> {
        let mut id = style_id;
        for _ in 0..16 {
            let def = self.defs.get(id)?;
            if let Some(num) = def.num_id {
                return (num != 0).then_some(def.ilvl.unwrap_or(0));
            }
            id = def.based_on.as_deref()?;
        }
        None
    }

    /// The heading level (1-based) a style gives: its outline level, or a name such as
    /// "heading 2" / "Titre 2".
    pub fn heading_level(&self, style_id: &str) -> Option<u8> {
        let mut id = style_id;
        for _ in 0..16 {
            let def = self.defs.get(id)?;
            if let Some(level) = def.outline {
                return (level < 9).then_some(level + 1);
            }
            if let Some(level) = heading_from_name(&def.name).or_else(|| heading_from_name(id)) {
                return Some(level);
            }
            id = def.based_on.as_deref()?;
        }
        None
    }
}

fn heading_from_name(name: &str) -> Option<u8> {
    let lower = name.to_lowercase().replace(' ', "");
    let digits = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("titre"))?;
    digits.parse::<u8>().ok().filter(|l| (1..=9).contains(l))
}

/// Read `word/styles.xml` (named `part` in the package) for list and heading levels.
pub fn read(bytes: &[u8], part: &str, limits: &Limits) -> Result<Styles> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| super::damaged(part, PartFault::NotUtf8).with_source(e))?;
    let mut reader = Reader::from_str(text);
    let mut styles = Styles::default();
    let mut current: Option<(String, StyleDef)> = None;
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| super::damaged(part, PartFault::InvalidXml).with_source(e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let e = e.clone();
                let name = local(&e);
                match name {
                    "style" if attr(&e, "type").as_deref() == Some("paragraph") => {
                        current = attr(&e, "styleId").map(|id| (id, StyleDef::default()));
                    }
                    "name" => set(&mut current, |d| {
                        d.name = attr(&e, "val").unwrap_or_default()
                    }),
                    "basedOn" => set(&mut current, |d| d.based_on = attr(&e, "val")),
                    "numId" => set(&mut current, |d| {
                        d.num_id = attr(&e, "val").and_then(|v| v.parse().ok())
                    }),
                    "ilvl" => set(&mut current, |d| {
                        d.ilvl = attr(&e, "val").and_then(|v| v.parse().ok())
                    }),
                    "outlineLvl" => set(&mut current, |d| {
                        d.outline = attr(&e, "val").and_then(|v| v.parse().ok())
                    }),
                    _ => {}
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
                if depth > limits.max_xml_depth {
                    return Err(crate::limits::exceeded(
                        format!(
                            "styles.xml : imbrication XML de plus de {} niveaux",
                            limits.max_xml_depth
                        ),
                        format!("{} niveaux (profondeur XML)", limits.max_xml_depth),
                        "max-xml-depth",
                    ));
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if e.local_name().into_inner() == "style"
                    && let Some((id, def)) = current.take()
                {
                    styles.defs.insert(id, def);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(styles)
}

fn set(current: &mut Option<(String, StyleDef)>, f: impl FnOnce(&mut StyleDef)) {
    if let Some((_, def)) = current.as_mut() {
        f(def);
    }
}
