//! Hostile inputs of issue 10 (`fixtures/hostile/make_hostile.py`): each once killed the
//! converter or ran for hours. Each is converted by the binary under `ulimit -v 1 GiB`:
//! it must end with a document or a coded error (never a panic, abort or hang), in time,
//! and the error must name the limit that stopped it.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use restitution::Limits;
use restitution::error::ErrorCode;

/// Virtual memory allowed to one conversion, in KiB (`ulimit -v`).
const MEMORY_KIB: u64 = 1024 * 1024;
/// Time allowed to one conversion (an unoptimized build is several times slower).
const SECONDS: u64 = if cfg!(debug_assertions) { 120 } else { 10 };

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile")
}

/// A hostile file: committed in `fixtures/hostile/`, or made once per run in a temp dir.
fn hostile(name: &str) -> PathBuf {
    let committed = fixtures().join(name);
    if committed.exists() {
        return committed;
    }
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("restitution-hostile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    });
    let path = dir.join(name);
    if !path.exists() {
        let made = Command::new("python3")
            .arg(fixtures().join("make_hostile.py"))
            .args(["--out".as_ref(), dir.as_os_str(), name.as_ref()])
            .status()
            .expect("python3");
        assert!(made.success(), "make_hostile.py {name}");
    }
    path
}

/// What one conversion gave: its exit code, the error line, the time it took.
struct Outcome {
    exit: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

fn convert(name: &str) -> Outcome {
    let file = hostile(name);
    let script = format!("ulimit -v {MEMORY_KIB}; exec \"$0\" convert \"$1\" > /dev/null");
    let start = Instant::now();
    let out = Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_restitution")])
        .arg(&file)
        .output()
        .expect("run the binary");
    let outcome = Outcome {
        exit: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: start.elapsed(),
    };
    assert!(
        outcome.elapsed < Duration::from_secs(SECONDS),
        "{name}: {:?}",
        outcome.elapsed
    );
    assert!(
        matches!(outcome.exit, Some(0 | 1)),
        "{name}: exit {:?}, {}",
        outcome.exit,
        outcome.stderr
    );
    assert!(
        !outcome.stderr.contains("panicked"),
        "{name}: {}",
        outcome.stderr
    );
    outcome
}

/// Refused with `trop_volumineux` naming `flag`.
fn refused(name: &str, flag: &str) {
    let o = convert(name);
    assert!(
        o.stderr.starts_with("error[trop_volumineux]"),
        "{name}: {}",
        o.stderr
    );
    assert!(
        o.stderr.contains(&format!("--{flag})")),
        "{name}: {}",
        o.stderr
    );
}

/// Read to the end: not the form, so `pas_une_restitution`.
fn read_through(name: &str) {
    let o = convert(name);
    assert!(
        o.stderr.starts_with("error[pas_une_restitution]"),
        "{name}: {}",
        o.stderr
    );
}

#[test]
fn tounicode_with_a_two_million_character_destination() {
    refused("tounicode-2m.pdf", "max-cmap-entries");
}

#[test]
fn docx_paragraphs_inside_165_nested_tables() {
    refused("tableaux-imbriques.docx", "max-table-depth");
}

#[test]
fn docx_300_thousand_fields_left_open() {
    refused("champs-ouverts.docx", "max-table-depth");
}

#[test]
fn docx_41_million_paragraphs_within_the_zip_limits() {
    refused("paragraphes-41m.docx", "max-blocks");
}

#[test]
fn docx_central_directory_overstating_the_compressed_size() {
    refused("ratio-menteur.docx", "max-zip-ratio");
}

#[test]
fn object_stream_whose_objects_all_start_at_one_huge_array() {
    refused("objstm-offset0.pdf", "max-pdf-values");
}

/// lopdf loads encrypted files on a path of its own: the same object stream, encrypted
/// (empty password) and listed in a cross-reference stream, once ran out of memory.
#[test]
fn encrypted_object_stream_whose_objects_all_start_at_offset_0() {
    refused("objstm-offset0-chiffre.pdf", "max-pdf-values");
}

/// An encrypted file is counted like any other: its objects, and the bytes its object
/// streams decode to.
#[test]
fn encrypted_files_are_loaded_within_the_limits() {
    let bytes = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/errors/corse-w14-aes256-mot-de-passe-vide.pdf"),
    )
    .expect("fixture");
    let name = "corse-w14-aes256-mot-de-passe-vide.pdf";
    assert!(restitution::convert_with(name, &bytes, &Limits::default()).is_ok());
    for (limits, flag) in [
        (
            Limits {
                max_pdf_objects: 10,
                ..Limits::default()
            },
            "--max-pdf-objects",
        ),
        (
            Limits {
                max_decoded_bytes: 1000,
                ..Limits::default()
            },
            "--max-decoded-mb",
        ),
    ] {
        let err = restitution::convert_with(name, &bytes, &limits).expect_err("over");
        assert_eq!(err.code, ErrorCode::TropVolumineux, "{}", err.message());
        assert!(err.message().contains(flag), "{}", err.message());
    }
}

#[test]
fn an_array_of_30_million_numbers_written_in_the_file() {
    refused("tableau-brut.pdf", "max-pdf-values");
}

#[test]
fn eight_object_streams_of_a_million_objects() {
    refused("objstm-8x1m.pdf", "max-pdf-objects");
}

#[test]
fn two_thousand_fonts_sharing_one_tounicode() {
    read_through("polices-2000.pdf");
    // The shared CMap (about 200k entries) is read, and counted, once: 2,000 times would
    // pass 300k.
    let bytes = std::fs::read(hostile("polices-2000.pdf")).expect("fixture");
    let limits = Limits {
        max_cmap_entries: 300_000,
        ..Limits::default()
    };
    let err =
        restitution::convert_with("polices-2000.pdf", &bytes, &limits).expect_err("not the form");
    assert_eq!(err.code, ErrorCode::PasUneRestitution, "{}", err.message());
    let limits = Limits {
        max_cmap_entries: 100_000,
        ..Limits::default()
    };
    let err = restitution::convert_with("polices-2000.pdf", &bytes, &limits).expect_err("over");
    assert!(
        err.message().contains("--max-cmap-entries"),
        "{}",
        err.message()
    );
}

#[test]
fn one_operation_with_32_million_operands() {
    refused("operandes-32m.pdf", "max-pdf-values");
}

#[test]
fn tj_array_of_30_million_elements() {
    refused("tj-30m.pdf", "max-pdf-values");
}

#[test]
fn form_xobject_drawn_a_million_times_after_the_cache_is_full() {
    // Not cached, each draw decodes 66 MB again, and counts it.
    refused("xobject-redessine.pdf", "max-decoded-mb");
}

#[test]
fn two_thousand_pages_sharing_a_64_mb_content_stream() {
    refused("pages-2000.pdf", "max-decoded-mb");
}

#[test]
fn two_thousand_pages_sharing_30_million_operands() {
    refused("pages-2000-operandes.pdf", "max-pdf-values");
}

#[test]
fn text_field_value_of_60_mb_shown_by_200_widgets() {
    refused("champ-60mo.pdf", "max-decoded-mb");
}

/// 2.8M glyphs, each placed alone, on 14 pages under the per-page limit: once about 10 s.
#[test]
fn glyphs_under_the_page_limit_on_fourteen_pages() {
    refused("glyphes-2m8.pdf", "max-glyphs");
}

/// A note without appearance drawn from its 20M-character /Contents: bounded like text.
#[test]
fn free_text_note_of_20_million_characters() {
    refused("note-20m.pdf", "max-glyphs-per-page");
}

#[test]
fn choice_field_with_ten_thousand_values_and_options() {
    read_through("choix-10k.pdf");
}

#[test]
fn limits_at_their_largest_do_not_wrap() {
    let largest = Limits {
        max_input_bytes: u64::MAX,
        max_inflated_bytes: u64::MAX,
        max_zip_ratio: u64::MAX,
        max_stream_bytes: usize::MAX,
        max_decoded_bytes: u64::MAX,
        max_operations: u64::MAX,
        max_pdf_values: usize::MAX,
        max_cmap_entries: usize::MAX,
        max_glyphs: usize::MAX,
        max_glyphs_per_page: usize::MAX,
        ..Limits::default()
    };
    for name in ["corse-w14.docx", "corse-w14.pdf"] {
        let bytes = std::fs::read(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/samples")
                .join(name),
        )
        .expect("sample");
        let doc = restitution::convert_with(name, &bytes, &largest);
        assert!(doc.is_ok(), "{name}: {:?}", doc.err().map(|e| e.message()));
    }
}

#[test]
fn size_flags_at_their_largest_still_read_the_form() {
    let max = u64::MAX.to_string();
    let mut args = Vec::new();
    for flag in [
        "max-input-mb",
        "max-inflated-mb",
        "max-zip-ratio",
        "max-stream-mb",
        "max-decoded-mb",
        "max-operations",
        "max-pdf-values",
        "max-glyphs-per-page",
        "max-glyphs",
        "max-cmap-entries",
        "max-cached-operations",
    ] {
        args.extend([format!("--{flag}"), max.clone()]);
    }
    for name in ["corse-w14.docx", "corse-w14.pdf"] {
        let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/samples")
            .join(name);
        let out = crate::common::restitution()
            .arg("convert")
            .arg(&file)
            .args(&args)
            .output()
            .expect("run the binary");
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Each limit added for issue 10, lowered, refuses a shipped form naming its flag (the
/// flags are to be added to `convert` and `batch`).
#[test]
fn every_new_limit_is_enforced_and_named() {
    let d = Limits::default;
    let refused = |name: &str, limits: Limits, flag: &str| {
        let bytes = std::fs::read(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/samples")
                .join(name),
        )
        .expect("sample");
        assert!(
            restitution::convert_with(name, &bytes, &d()).is_ok(),
            "{name}"
        );
        let err = restitution::convert_with(name, &bytes, &limits).expect_err("over the limit");
        assert_eq!(
            err.code,
            ErrorCode::TropVolumineux,
            "{name} {flag}: {}",
            err.message()
        );
        assert!(
            err.message().contains(&format!("--{flag})")),
            "{name} {flag}: {}",
            err.message()
        );
    };
    let pdf = "corse-w14.pdf";
    refused(
        pdf,
        Limits {
            max_decoded_bytes: 1000,
            ..d()
        },
        "max-decoded-mb",
    );
    refused(
        pdf,
        Limits {
            max_operations: 100,
            ..d()
        },
        "max-operations",
    );
    refused(
        pdf,
        Limits {
            max_pdf_values: 3,
            ..d()
        },
        "max-pdf-values",
    );
    refused(
        pdf,
        Limits {
            max_glyphs_per_page: 10,
            ..d()
        },
        "max-glyphs-per-page",
    );
    refused(
        pdf,
        Limits {
            max_glyphs: 100,
            ..d()
        },
        "max-glyphs",
    );
    refused(
        pdf,
        Limits {
            max_fonts: 1,
            ..d()
        },
        "max-fonts",
    );
    refused(
        pdf,
        Limits {
            max_cmap_entries: 10,
            ..d()
        },
        "max-cmap-entries",
    );
    let docx = "corse-w14.docx";
    refused(
        docx,
        Limits {
            max_blocks: 10,
            ..d()
        },
        "max-blocks",
    );
    refused(
        docx,
        Limits {
            max_table_depth: 0,
            ..d()
        },
        "max-table-depth",
    );
}
