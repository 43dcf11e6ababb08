//! AcroForm fields: catalog → `/AcroForm` → `/Fields` → `/Kids` (depth-bounded, cycles
//! skipped), fully qualified names, inherited `/FT`, `/V`, `/Ff`, `/Opt`; each widget is
//! placed on its page (`/P`, or found in a page's `/Annots`) with its rect in page space.
//! Values are decoded and copied for each widget: counted in the document's `Usage`.

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::extract::PageGeometry;
use super::obj;
use super::page::{FieldValue, FieldWidget, PageContent};
use crate::error::Result;
use crate::limits::{Limits, Usage};

const MAX_DEPTH: usize = 32;
const MAX_FIELDS: usize = 100_000;

/// Inherited attributes while walking the field tree.
#[derive(Clone, Default)]
struct Inherited<'a> {
    name: String,
    ft: Option<&'a [u8]>,
    v: Option<&'a Object>,
    ff: i64,
    opt: Option<&'a Vec<Object>>,
    /// `/I`: selected option indices of a choice field.
    i: Option<&'a Vec<Object>>,
}

/// A widget found: its object id, its /P page, the field (rect not yet placed) and its
/// /Rect in user space.
type FoundWidget = (Option<ObjectId>, Option<ObjectId>, FieldWidget, [f32; 4]);

struct Walk<'a, 'u> {
    doc: &'a Document,
    seen: HashSet<ObjectId>,
    widgets: Vec<FoundWidget>,
    limits: &'u Limits,
    usage: &'u mut Usage,
    /// Text of the last /V stream decoded (its widgets share it), by address.
    last_stream: Option<(usize, String)>,
}

/// Put each AcroForm widget into its page's `fields`; `trop_volumineux` past a limit.
pub fn place_fields(
    doc: &Document,
    pages: &[(ObjectId, PageGeometry)],
    out: &mut [PageContent],
    limits: &Limits,
    usage: &mut Usage,
) -> Result<()> {
    let Ok(catalog) = doc.catalog() else {
        return Ok(());
    };
    let Some(acro) = obj::get_dict(doc, catalog, b"AcroForm") else {
        return Ok(());
    };
    let Some(fields) = obj::get_array(doc, acro, b"Fields") else {
        return Ok(());
    };
    let mut walk = Walk {
        doc,
        seen: HashSet::new(),
        widgets: Vec::new(),
        limits,
        usage,
        last_stream: None,
    };
    for f in fields {
        walk.field(f, &Inherited::default(), 0)?;
    }
    place(doc, pages, out, walk.widgets);
    Ok(())
}

fn place(
    doc: &Document,
    pages: &[(ObjectId, PageGeometry)],
    out: &mut [PageContent],
    widgets: Vec<FoundWidget>,
) {
    if widgets.is_empty() {
        return;
    }
    // Page lookup: by /P, else by the page whose /Annots holds the widget.
    let page_index: HashMap<ObjectId, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut annot_page: HashMap<ObjectId, usize> = HashMap::new();
    for (i, (pid, _)) in pages.iter().enumerate() {
        if let Ok(page) = doc.get_dictionary(*pid)
            && let Some(annots) = obj::get_array(doc, page, b"Annots")
        {
            for a in annots.iter().take(100_000) {
                if let Some(id) = obj::ref_id(a) {
                    annot_page.entry(id).or_insert(i);
                }
            }
        }
    }
    for (widget_id, p, mut fw, rect) in widgets {
        let idx = widget_id
            .and_then(|w| annot_page.get(&w).copied())
            .or_else(|| p.and_then(|p| page_index.get(&p).copied()))
            // A one-page document: the widget can only be there.
            .or(if pages.len() == 1 { Some(0) } else { None });
        let Some(idx) = idx else { continue };
        let (Some((_, geo)), Some(page)) = (pages.get(idx), out.get_mut(idx)) else {
            continue;
        };
        let a = geo.matrix.apply(rect[0], rect[1]);
        let b = geo.matrix.apply(rect[2], rect[3]);
        fw.rect = [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[0].max(b[0]),
            a[1].max(b[1]),
        ];
        page.fields.push(fw);
    }
}

impl<'a> Walk<'a, '_> {
    fn field(&mut self, node: &'a Object, parent: &Inherited<'a>, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH || self.widgets.len() >= MAX_FIELDS {
            return Ok(());
        }
        let id = obj::ref_id(node);
        if let Some(id) = id
            && !self.seen.insert(id)
        {
            return Ok(());
        }
        let doc = self.doc;
        let Some(dict) = obj::as_dict(doc, node) else {
            return Ok(());
        };
        let mut inh = parent.clone();
        if let Some(Object::String(t, _)) = obj::get(doc, dict, b"T") {
            let part = obj::text_string(t);
            inh.name = if inh.name.is_empty() {
                part
            } else {
                format!("{}.{}", inh.name, part)
            };
        }
        if let Some(ft) = obj::get_name(doc, dict, b"FT") {
            inh.ft = Some(ft);
        }
        if let Some(v) = obj::get(doc, dict, b"V") {
            inh.v = Some(v);
        }
        if let Some(ff) = obj::get_int(doc, dict, b"Ff") {
            inh.ff = ff;
        }
        if let Some(opt) = obj::get_array(doc, dict, b"Opt") {
            inh.opt = Some(opt);
        }
        if let Some(i) = obj::get_array(doc, dict, b"I") {
            inh.i = Some(i);
        }
        let kids = obj::get_array(doc, dict, b"Kids");
        if let Some(kids) = kids {
            for k in kids {
                self.field(k, &inh, depth + 1)?;
            }
        }
        // A widget: has /Rect (a merged field-widget dict, or a kid widget without /T).
        let is_widget = dict.has(b"Rect")
            && (obj::get_name(doc, dict, b"Subtype").is_none_or(|s| s == b"Widget"));
        if !is_widget {
            return Ok(());
        }
        let Some(rect) = obj::get(doc, dict, b"Rect")
            .and_then(|r| obj::nums(doc, r))
            .filter(|v| v.len() >= 4)
        else {
            return Ok(());
        };
        let Some(value) = self.value(dict, &inh)? else {
            return Ok(());
        };
        let p = dict.get(b"P").ok().and_then(obj::ref_id);
        let fw = FieldWidget {
            name: inh.name.clone(),
            rect: [0.0; 4],
            value,
        };
        self.widgets
            .push((id, p, fw, [rect[0], rect[1], rect[2], rect[3]]));
        Ok(())
    }

    /// The value a widget shows, counted in the usage: its bytes (each widget has its own
    /// copy) and, for a choice, the options looked through.
    fn value(&mut self, widget: &Dictionary, inh: &Inherited<'a>) -> Result<Option<FieldValue>> {
        let value = match inh.ft {
            Some(b"Tx") => Some(FieldValue::Text(self.text_value(inh)?)),
            Some(b"Ch") => {
                let items = match inh.v {
                    Some(Object::Array(items)) => items.len(),
                    _ => 1,
                };
                self.usage
                    .operate((items + inh.opt.map_or(0, |o| o.len())) as u64, self.limits)?;
                Some(FieldValue::Choice(self.choice_value(widget, inh)))
            }
            _ => self.button_value(widget, inh),
        };
        if let Some(FieldValue::Choice(t)) = &value {
            self.usage.decode(t.len(), self.limits)?;
        }
        Ok(value)
    }

    /// A text field's value; a /V stream shared by many widgets is decoded once, and each
    /// copy counted before it is made.
    fn text_value(&mut self, inh: &Inherited<'a>) -> Result<String> {
        let text = match inh.v {
            Some(Object::String(s, _)) => obj::text_string(s),
            Some(Object::Stream(s)) => {
                let key = s as *const lopdf::Stream as usize;
                if self.last_stream.as_ref().is_none_or(|(k, _)| *k != key) {
                    let text = obj::text_string(&obj::decode_counted(s, self.limits, self.usage)?);
                    self.last_stream = Some((key, one_line_break(text)));
                }
                let shared = self.last_stream.as_ref().map_or("", |(_, t)| t.as_str());
                self.usage.decode(shared.len(), self.limits)?;
                return Ok(shared.to_string());
            }
            _ => String::new(),
        };
        Ok(one_line_break(text))
    }

    fn button_value(&self, widget: &Dictionary, inh: &Inherited<'a>) -> Option<FieldValue> {
        let doc = self.doc;
        match inh.ft? {
            b"Btn" => {
                if inh.ff & (1 << 16) != 0 {
                    return None; // push button
                }
                let on_state = obj::get_dict(doc, widget, b"AP")
                    .and_then(|ap| obj::get_dict(doc, ap, b"N"))
                    .and_then(|n| n.iter().map(|(k, _)| k.as_slice()).find(|k| *k != b"Off"));
                let as_state = obj::get_name(doc, widget, b"AS");
                let v = match inh.v {
                    Some(Object::Name(n)) => Some(n.as_slice()),
                    _ => None,
                };
                // /V names the on state of the chosen widget (radio groups and check
                // boxes with several widgets share one /V); the widget's /AS agrees unless
                // the producer was sloppy. On-state names vary (/Yes /On /Oui /1…).
                let on = match (v, on_state, as_state) {
                    (Some(v), _, _) if v == b"Off" => false,
                    (Some(v), Some(on), a) => v == on || a.is_some_and(|a| a != b"Off"),
                    (Some(_), None, a) => a.is_none_or(|a| a != b"Off"),
                    (None, _, Some(a)) => a != b"Off",
                    (None, _, None) => false,
                };
                Some(FieldValue::Check(on))
            }
            _ => None,
        }
    }

    /// The shown text of a choice: /V (export values mapped through /Opt pairs), else the
    /// options /I selects.
    fn choice_value(&self, widget: &Dictionary, inh: &Inherited<'a>) -> String {
        let doc = self.doc;
        let shown_of = export_to_shown(doc, inh.opt);
        let shown = |v: &Object| -> Option<String> {
            let Object::String(s, _) = obj::deref(doc, v) else {
                return None;
            };
            let export = obj::text_string(s);
            // /Opt pairs [export shown]: answer the shown text.
            Some(shown_of.get(&export).cloned().unwrap_or(export))
        };
        match inh.v {
            Some(Object::Array(items)) => items
                .iter()
                .filter_map(shown)
                .collect::<Vec<_>>()
                .join("\n"),
            Some(v) => shown(v).unwrap_or_default(),
            // No /V: the selected indices /I into /Opt.
            None => {
                let idx = obj::get_array(doc, widget, b"I").or(inh.i);
                let opt = inh.opt;
                match (idx, opt) {
                    (Some(idx), Some(opt)) => idx
                        .iter()
                        .filter_map(|i| obj::num_deref(doc, i))
                        .filter_map(|i| if i >= 0.0 { opt.get(i as usize) } else { None })
                        .filter_map(|o| match obj::deref(doc, o) {
                            Object::Array(pair) => pair.get(1).or(pair.first()).and_then(|x| {
                                match obj::deref(doc, x) {
                                    Object::String(s, _) => Some(obj::text_string(s)),
                                    _ => None,
                                }
                            }),
                            Object::String(s, _) => Some(obj::text_string(s)),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                    _ => String::new(),
                }
            }
        }
    }
}

/// Line breaks as `\n`.
fn one_line_break(text: String) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The /Opt pairs [export shown] of a choice field, looked up once per widget (a field can
/// have thousands of values and options). The first pair of an export value wins.
fn export_to_shown(doc: &Document, opt: Option<&Vec<Object>>) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for o in opt.into_iter().flatten() {
        if let Object::Array(pair) = obj::deref(doc, o)
            && let (Some(Object::String(e, _)), Some(Object::String(d, _))) = (
                pair.first().map(|x| obj::deref(doc, x)),
                pair.get(1).map(|x| obj::deref(doc, x)),
            )
        {
            map.entry(obj::text_string(e))
                .or_insert_with(|| obj::text_string(d));
        }
    }
    map
}
