//! Text and paragraph styles (`styles.xml`, then the automatic styles of `content.xml`):
//! what they say of struck text, hidden text and fonts (symbol fonts draw check boxes).

use std::collections::HashMap;

use super::{XmlEvent, attr, local, stream_xml};
use crate::error::Result;
use crate::limits::Limits;

/// How many `style:parent-style-name` links are followed (a loop stops there).
const MAX_PARENT_LINKS: usize = 16;

/// What text looks like, as far as reading it goes. `None`: the style does not say.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TextLook {
    pub struck: Option<bool>,
    pub hidden: Option<bool>,
    /// The font family name (`Wingdings`), resolved through the font-face declarations.
    pub font: Option<String>,
}

impl TextLook {
    /// This look with what `outer` says where this one says nothing.
    pub fn or(mut self, outer: &TextLook) -> TextLook {
        self.struck = self.struck.or(outer.struck);
        self.hidden = self.hidden.or(outer.hidden);
        if self.font.is_none() {
            self.font.clone_from(&outer.font);
        }
        self
    }
}

#[derive(Debug, Default, Clone)]
struct StyleDef {
    parent: Option<String>,
    look: TextLook,
    /// `style:font-name`, a font-face declaration's name, resolved when asked.
    font_face: Option<String>,
}

/// The styles of one document, by family (`text`, `paragraph`) and name.
#[derive(Debug, Default)]
pub struct Styles {
    defs: HashMap<(String, String), StyleDef>,
    font_faces: HashMap<String, String>,
}

impl Styles {
    /// Add the styles and font-face declarations of one part.
    pub fn read(&mut self, bytes: &[u8], part: &str, limits: &Limits) -> Result<()> {
        let mut current: Option<((String, String), StyleDef)> = None;
        stream_xml(bytes, part, limits, |event| match event {
            XmlEvent::Start(e, _) => match local(e) {
                "font-face" => {
                    if let (Some(name), Some(family)) =
                        (attr(e, "style:name"), attr(e, "svg:font-family"))
                    {
                        self.font_faces
                            .insert(name, family.trim_matches(['\'', '"']).to_string());
                    }
                }
                "style" | "default-style" => {
                    let family = attr(e, "style:family").unwrap_or_default();
                    let name = attr(e, "style:name").unwrap_or_default();
                    let def = StyleDef {
                        parent: attr(e, "style:parent-style-name"),
                        ..StyleDef::default()
                    };
                    current = Some(((family, name), def));
                }
                "text-properties" => {
                    if let Some((_, def)) = current.as_mut() {
                        read_text_properties(e, def);
                    }
                }
                _ => {}
            },
            XmlEvent::End("style:style" | "style:default-style", _) => {
                if let Some((key, def)) = current.take() {
                    self.defs.insert(key, def);
                }
            }
            _ => {}
        })
    }

    /// The look a style of `family` gives, through its parents.
    pub fn look(&self, family: &str, name: &str) -> TextLook {
        let mut look = TextLook::default();
        let mut name = name.to_string();
        for _ in 0..MAX_PARENT_LINKS {
            let Some(def) = self.defs.get(&(family.to_string(), name.clone())) else {
                break;
            };
            let mut own = def.look.clone();
            if own.font.is_none() {
                own.font = def.font_face.as_ref().map(|face| {
                    self.font_faces
                        .get(face)
                        .cloned()
                        .unwrap_or_else(|| face.clone())
                });
            }
            look = look.or(&own);
            match &def.parent {
                Some(parent) => name.clone_from(parent),
                None => break,
            }
        }
        look
    }
}

fn read_text_properties(e: &quick_xml::events::BytesStart<'_>, def: &mut StyleDef) {
    if let Some(style) = attr(e, "style:text-line-through-style") {
        def.look.struck = Some(style != "none");
    } else if let Some(kind) = attr(e, "style:text-line-through-type") {
        def.look.struck = Some(kind != "none");
    }
    if let Some(display) = attr(e, "text:display") {
        def.look.hidden = Some(display == "none");
    }
    if let Some(face) = attr(e, "style:font-name") {
        def.font_face = Some(face);
    } else if let Some(family) = attr(e, "fo:font-family") {
        def.look.font = Some(family.trim_matches(['\'', '"']).to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PART: &str = r#"<office:document-styles xmlns:office="o" xmlns:style="s" xmlns:fo="f" xmlns:svg="v" xmlns:text="t">
<office:font-face-decls><style:font-face style:name="Wingdings1" svg:font-family="Wingdings"/></office:font-face-decls>
<office:styles>
<style:style style:name="Barré" style:family="text"><style:text-properties style:text-line-through-style="solid"/></style:style>
<style:style style:name="T1" style:family="text" style:parent-style-name="Barré"><style:text-properties style:font-name="Wingdings1"/></style:style>
<style:style style:name="T2" style:family="text" style:parent-style-name="T1"><style:text-properties style:text-line-through-style="none" text:display="none"/></style:style>
</office:styles></office:document-styles>"#;

    #[test]
    fn looks_follow_parents_and_font_faces() {
        let mut styles = Styles::default();
        styles
            .read(PART.as_bytes(), "styles.xml", &Limits::default())
            .expect("styles");
        let t1 = styles.look("text", "T1");
        assert_eq!(
            (t1.struck, t1.font.as_deref()),
            (Some(true), Some("Wingdings"))
        );
        let t2 = styles.look("text", "T2");
        assert_eq!(
            (t2.struck, t2.hidden, t2.font.as_deref()),
            (Some(false), Some(true), Some("Wingdings"))
        );
        assert_eq!(
            styles.look("paragraph", "T1"),
            TextLook::default(),
            "families are apart"
        );
    }
}
