//! The command line: output on stdout, errors as one line on stderr with a code, exit
//! codes, `-o` writing whole files.

use crate::common;

use std::process::Command;

#[test]
fn convert_prints_the_document_with_the_path_as_given() {
    let dir = common::fixtures_dir();
    let out = common::restitution()
        .current_dir(&dir)
        .args(["convert", "samples/corse-w14.docx"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(doc["source"]["fichier"], "samples/corse-w14.docx");
    assert_eq!(doc["region_academique"], "Corse");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("{\n  \"schema_version\": \"1.1\","));
}

#[test]
fn compact_output_is_one_line() {
    let dir = common::fixtures_dir();
    let out = common::restitution()
        .current_dir(&dir)
        .args(["convert", "--compact", "samples/corse-w14.docx"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(text.lines().count(), 1);
}

#[test]
fn output_file_is_written_whole() {
    let tmp = std::env::temp_dir().join(format!("restitution-cli-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("tmp dir");
    let target = tmp.join("out.json");
    let input = common::fixtures_dir().join("samples/bretagne-legacy.docx");
    let out = common::restitution()
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&target)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&target).expect("written")).expect("JSON");
    assert_eq!(doc["region_academique"], "Bretagne");
    let leftovers: Vec<_> = std::fs::read_dir(&tmp)
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name() != "out.json")
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_file_that_is_not_a_document_gives_a_coded_error_line() {
    let tmp = std::env::temp_dir().join(format!("restitution-cli-png-{}.docx", std::process::id()));
    std::fs::write(&tmp, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    let out = common::restitution()
        .arg("convert")
        .arg(&tmp)
        .output()
        .expect("runs");
    let _ = std::fs::remove_file(&tmp);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error[format_non_pris_en_charge]: "),
        "{err}"
    );
}

#[test]
fn a_missing_file_is_unreadable() {
    let out = common::restitution()
        .args(["convert", "no/such/file.pdf"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("error[fichier_illisible]: no/such/file.pdf: ")
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = common::restitution()
        .args(["convert"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = common::restitution()
        .args(["frobnicate"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_explains_the_error_codes() {
    let out = common::restitution()
        .args(["convert", "--help"])
        .output()
        .expect("runs");
    let help = String::from_utf8(out.stdout).expect("UTF-8");
    for code in [
        "format_non_pris_en_charge",
        "fichier_illisible",
        "chiffre",
        "sans_texte",
        "pas_une_restitution",
        "trop_volumineux",
    ] {
        assert!(help.contains(code), "--help names {code}");
    }
}

// ---- French for every word a user reads -------------------------------------------

/// Words clap prints in English unless told otherwise.
const CLAP_ENGLISH: [&str; 10] = [
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "Print help",
    "Print version",
    "[default:",
    "[OPTIONS]",
    "For more information",
    "error:",
];

fn assert_no_clap_english(text: &str) {
    for english in CLAP_ENGLISH {
        assert!(!text.contains(english), "{english:?} in:\n{text}");
    }
}

fn run(args: &[&str]) -> std::process::Output {
    common::restitution().args(args).output().expect("runs")
}

#[test]
fn help_of_every_command_is_french() {
    let commands: [&[&str]; 6] = [
        &[],
        &["convert"],
        &["batch"],
        &["export"],
        &["review"],
        &["schema"],
    ];
    for command in commands {
        for flag in ["--help", "-h"] {
            let out = run(&[command, &[flag]].concat());
            assert_eq!(out.status.code(), Some(0), "{command:?} {flag}");
            let help = String::from_utf8(out.stdout).expect("UTF-8");
            assert_no_clap_english(&help);
            assert!(help.contains("Utilisation : restitution"), "{help}");
            assert!(
                help.contains("Options :") && help.contains("Afficher cette aide"),
                "{help}"
            );
        }
    }
    let top = String::from_utf8(run(&["--help"]).stdout).expect("UTF-8");
    assert!(
        top.contains("Commandes :") && top.contains("Afficher la version"),
        "{top}"
    );
    let convert = String::from_utf8(run(&["convert", "--help"]).stdout).expect("UTF-8");
    assert!(
        convert.contains("(par défaut : 100)"),
        "defaults are written in French:\n{convert}"
    );
}

#[test]
fn every_command_lists_the_same_exit_codes() {
    let table = |args: &[&str]| {
        let help = String::from_utf8(run(args).stdout).expect("UTF-8");
        let start = help.find("Codes de sortie").expect("an exit code table");
        help[start..]
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .trim_end()
            .to_string()
    };
    let top = table(&["--help"]);
    for code in ["  0 ", "  1 ", "  2 ", "  130 "] {
        assert!(top.contains(code), "{top}");
    }
    for command in ["convert", "batch", "export", "review"] {
        assert_eq!(table(&[command, "--help"]), top, "{command}");
    }
}

#[test]
fn usage_errors_are_french_and_exit_2() {
    let cases: [(&[&str], &str); 6] = [
        (&["frobnicate"], "commande inconnue « frobnicate »"),
        (&["conver", "x"], "vouliez-vous dire « convert » ?"),
        (&["convert"], "argument obligatoire manquant"),
        (
            &["convert", "--compac", "x"],
            "vouliez-vous dire « --compact » ?",
        ),
        (
            &["batch", "--jobs", "0", "x"],
            "valeur « 0 » invalide pour --jobs",
        ),
        (
            &["export", "-"],
            "argument obligatoire manquant : <--csv <DOSSIER>|--xlsx",
        ),
    ];
    for (args, says) in cases {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8(out.stderr).expect("UTF-8");
        assert!(err.starts_with("erreur : "), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(err.contains("Aide : restitution"), "{args:?}: {err}");
        assert_no_clap_english(&err);
    }
}

#[test]
fn reader_errors_are_french() {
    let tmp = scratch("reader-errors");
    std::fs::write(tmp.join("cut.pdf"), b"%PDF-1.7\n1 0 obj << /Type /Catalog").expect("write");
    let out = common::restitution()
        .arg("convert")
        .arg(tmp.join("cut.pdf"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        err.contains("le PDF est endommagé ou tronqué") && err.contains("à nouveau"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

// ---- One policy for inputs and exits ---------------------------------------------

fn scratch(test: &str) -> std::path::PathBuf {
    common::scratch("cli", test)
}

/// Run with `stdin` fed in, and stdout closed first when `close_stdout` (a reader that
/// went away, as `… | head` does).
fn run_with_stdin(args: &[&str], stdin: &[u8], close_stdout: bool) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = common::restitution()
        .current_dir(common::fixtures_dir())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    if close_stdout {
        drop(child.stdout.take());
    }
    // The child may stop reading early; a refused write is not the test's concern.
    let _ = child.stdin.take().expect("stdin").write_all(stdin);
    child.wait_with_output().expect("runs")
}

#[test]
fn convert_reads_the_document_from_stdin() {
    let out = run_with_stdin(
        &["convert", "--compact", "-"],
        &common::sample("corse-w14.docx"),
        false,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["source"]["fichier"], "-");
    assert_eq!(doc["region_academique"], "Corse");

    let out = run_with_stdin(&["convert", "-"], b"", false);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error[fichier_illisible]: -: "));
}

#[test]
fn a_folder_given_to_convert_points_to_batch() {
    let out = common::restitution()
        .current_dir(common::fixtures_dir())
        .args(["convert", "samples"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        err.starts_with("error[fichier_illisible]: samples: c'est un dossier"),
        "{err}"
    );
    assert!(err.contains("restitution batch samples"), "{err}");
}

#[test]
fn unsupported_files_given_to_convert_say_what_to_do() {
    let tmp = scratch("hints");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("lot/a.docx", zip::write::SimpleFileOptions::default())
        .expect("zip entry");
    std::io::Write::write_all(&mut zip, &common::sample("corse-w14.docx")).expect("zip write");
    std::fs::write(tmp.join("lot.zip"), zip.finish().expect("zip").into_inner()).expect("write");
    std::fs::write(tmp.join("ancien.doc"), b"{\\rtf1\\ansi Restitution}").expect("write");
    for (file, says) in [
        ("lot.zip", "utilisez « restitution batch »"),
        ("ancien.doc", "enregistrez-le au format DOCX ou PDF"),
    ] {
        let out = common::restitution()
            .arg("convert")
            .arg(tmp.join(file))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{file}");
        let err = String::from_utf8(out.stderr).expect("UTF-8");
        assert!(
            err.starts_with("error[format_non_pris_en_charge]: "),
            "{err}"
        );
        assert!(err.contains(says), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn an_output_that_cannot_be_written_is_said_in_french_and_exits_1() {
    let tmp = scratch("unwritable");
    let blocker = tmp.join("a-file");
    std::fs::write(&blocker, b"not a folder").expect("write");
    let under_a_file = blocker.join("out.json");
    let input = common::fixtures_dir().join("samples/corse-w14.docx");
    let convert = common::restitution()
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&under_a_file)
        .output()
        .expect("runs");
    let batch = common::restitution()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&under_a_file)
        .output()
        .expect("runs");
    let export = run_with_stdin(
        &[
            "export",
            "--csv",
            under_a_file.to_str().expect("UTF-8"),
            "-",
        ],
        b"",
        false,
    );
    for (command, out) in [("convert", convert), ("batch", batch), ("export", export)] {
        assert_eq!(out.status.code(), Some(1), "{command}");
        assert!(out.stdout.is_empty(), "{command}");
        let err = String::from_utf8(out.stderr).expect("UTF-8");
        assert!(err.starts_with("erreur : "), "{command}: {err}");
        assert!(err.contains("a-file"), "{command} names the place: {err}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(&tmp)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers, ["a-file"], "no temporary file left behind");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_missing_input_is_that_inputs_failure_in_every_command() {
    let export = run(&[
        "export",
        "--csv",
        "/tmp/restitution-never-written",
        "no/such/lines.jsonl",
    ]);
    assert_eq!(export.status.code(), Some(1));
    let err = String::from_utf8(export.stderr).expect("UTF-8");
    assert!(
        err.starts_with("erreur : no/such/lines.jsonl : fichier introuvable"),
        "{err}"
    );

    let convert = run(&["convert", "no/such/file.pdf"]);
    assert!(String::from_utf8_lossy(&convert.stderr).contains("fichier introuvable"));

    // A list on stdin with a missing path: its error line, the others converted.
    let out = run_with_stdin(
        &["batch", "-"],
        b"samples/corse-w14.docx\nsamples/gone.pdf\n",
        false,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["region_academique"], "Corse");
    assert_eq!(lines[1]["source"]["fichier"], "samples/gone.pdf");
    assert_eq!(lines[1]["erreur"]["code"], "fichier_illisible");
    assert!(
        lines[1]["erreur"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("introuvable"))
    );
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        err.contains("fichiers en échec :\n  samples/gone.pdf : fichier_illisible\n"),
        "the summary names it: {err}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_0() {
    let paths: String = [
        "samples/corse-w14.docx",
        "samples/corse-w14.pdf",
        "samples/bretagne-legacy.pdf",
    ]
    .map(|p| format!("{p}\n"))
    .concat();
    let cases: [(&[&str], Vec<u8>); 3] = [
        (&["batch", "-"], paths.into_bytes()),
        (&["convert", "-"], common::sample("corse-w14.docx")),
        (&["schema"], Vec::new()),
    ];
    for (args, stdin) in cases {
        let out = run_with_stdin(args, &stdin, true);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_closed_stderr_changes_nothing_but_what_is_said() {
    // `… 2>&1 | head`: the reader of stderr went away before the messages were written.
    let cases: [(&[&str], i32); 3] = [
        (&["convert", "errors/vide.pdf"], 1),
        (&["batch", "samples", "errors/vide.pdf"], 1),
        (&["convert", "--pas-une-option"], 2),
    ];
    for (args, status) in cases {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = common::restitution()
            .current_dir(common::fixtures_dir())
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(writer)
            .status()
            .expect("runs");
        assert_eq!(out.code(), Some(status), "{args:?}");
    }
}

/// `-o /dev/stdout` with stdout a pipe (and `-o >(gzip > x.gz)`, which names
/// `/dev/fd/N`): the document goes down the pipe; the pipe is not replaced by a file.
#[cfg(target_os = "linux")]
#[test]
fn an_output_named_dev_stdout_writes_into_the_pipe() {
    let (mut reader, writer) = std::io::pipe().expect("pipe");
    let mut child = common::restitution()
        .current_dir(common::fixtures_dir())
        .args(["convert", "samples/corse-w14.docx", "-o", "/dev/stdout"])
        .stdout(writer)
        .spawn()
        .expect("runs");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut reader, &mut text).expect("read the pipe");
    assert!(child.wait().expect("waits").success());
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON down the pipe");
    assert_eq!(doc["region_academique"], "Corse");
    // Run as root, a rename would have put a regular file in its place.
    let link = std::fs::symlink_metadata("/dev/stdout").expect("/dev/stdout");
    assert!(!link.is_file(), "/dev/stdout was replaced by a file");
}

/// `-o /dev/stdout` with stdout redirected to a file: the document lands in that file,
/// and /dev/stdout stays the system's link.
#[cfg(target_os = "linux")]
#[test]
fn an_output_named_dev_stdout_writes_into_the_redirected_file() {
    let dir = scratch("dev-stdout-file");
    let target = std::fs::File::create(dir.join("out.json")).expect("create");
    let status = common::restitution()
        .current_dir(common::fixtures_dir())
        .args(["convert", "samples/corse-w14.docx", "-o", "/dev/stdout"])
        .stdout(target)
        .status()
        .expect("runs");
    assert!(status.success());
    let text = std::fs::read_to_string(dir.join("out.json")).expect("read");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON in the file");
    assert_eq!(doc["region_academique"], "Corse");
    let link = std::fs::symlink_metadata("/dev/stdout").expect("/dev/stdout");
    assert!(!link.is_file(), "/dev/stdout was replaced by a file");
}

// ---- The README's commands are true ----------------------------------------------

/// The fenced blocks of a Markdown text, in order: (info string, lines).
fn fenced_blocks(markdown: &str) -> Vec<(String, Vec<String>)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, Vec<String>)> = None;
    for line in markdown.lines() {
        let fence = line.trim_start().strip_prefix("```");
        match (fence, open.take()) {
            (Some(info), None) => open = Some((info.trim().to_string(), Vec::new())),
            (Some(_), Some(block)) => blocks.push(block),
            (None, Some((info, mut lines))) => {
                lines.push(line.to_string());
                open = Some((info, lines));
            }
            (None, None) => {}
        }
    }
    blocks
}

/// Every line of a ```sh block of the README runs (in bash, with `pipefail`) and exits 0,
/// in a scratch folder where `fixtures/` is the repository's, with the built binary first
/// on PATH; a `cargo` line is one that `.ci/run` runs. Every line of a ```json block is a
/// line of the output of the command just above it.
#[test]
fn readme_commands_run() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    let work = scratch("readme");
    std::os::unix::fs::symlink(root.join("fixtures"), work.join("fixtures")).expect("symlink");
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_restitution"))
        .parent()
        .expect("bin dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut last_output = String::new();
    let mut commands = 0;
    for (info, lines) in fenced_blocks(&readme) {
        match info.as_str() {
            "sh" => {
                for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
                    if line.starts_with("cargo ") {
                        let run_by_ci = ci
                            .lines()
                            .filter(|c| !c.trim_start().starts_with('#'))
                            .any(|c| c.contains(line));
                        assert!(run_by_ci, "{line:?} is not run by .ci/run");
                        continue;
                    }
                    let out = Command::new("bash")
                        .args(["-o", "pipefail", "-c", line])
                        .current_dir(&work)
                        .env("PATH", &path)
                        .output()
                        .expect("bash runs");
                    assert!(
                        out.status.success(),
                        "{line:?}: {:?}\n{}",
                        out.status,
                        String::from_utf8_lossy(&out.stderr)
                    );
                    last_output = String::from_utf8_lossy(&out.stdout).into_owned();
                    commands += 1;
                }
            }
            "json" => {
                for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
                    assert!(
                        last_output.lines().any(|o| o.trim() == line),
                        "{line:?} is not in the output shown above it"
                    );
                }
            }
            _ => {}
        }
    }
    assert!(
        commands >= 10,
        "the README's commands were found ({commands})"
    );
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn a_full_disk_on_stdout_is_said_in_french_and_exits_1() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    for args in [
        &["convert", "samples/corse-w14.docx"][..],
        &["batch", "samples"][..],
    ] {
        let stdout = full.try_clone().expect("dup");
        let out = common::restitution()
            .current_dir(common::fixtures_dir())
            .args(args)
            .stdout(stdout)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(out.stderr).expect("UTF-8");
        assert!(
            err.starts_with("erreur : écriture") && err.contains("disque plein"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn the_readme_lists_the_exit_codes_of_the_help() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .expect("README");
    let help = String::from_utf8(run(&["--help"]).stdout).expect("UTF-8");
    let table = &help[help.find("Codes de sortie").expect("exit codes")..];
    let codes: Vec<&str> = table
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| {
            l.split_whitespace()
                .next()
                .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        })
        .collect();
    assert_eq!(codes, ["0", "1", "2", "130"]);
    for code in codes {
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "README's exit code table lacks {code}"
        );
    }
}

/// `--provenance` (SPEC "Nothing lost"): convert and batch say where every value was
/// read; without it, `provenance` is null.
#[test]
fn provenance_is_given_when_asked() {
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/samples/corse-w14.pdf");
    let plain = common::restitution()
        .arg("convert")
        .arg(&sample)
        .output()
        .expect("runs");
    let plain: serde_json::Value = serde_json::from_slice(&plain.stdout).expect("JSON");
    assert!(plain["provenance"].is_null());
    let traced = common::restitution()
        .args(["convert", "--provenance"])
        .arg(&sample)
        .output()
        .expect("runs");
    let traced: serde_json::Value = serde_json::from_slice(&traced.stdout).expect("JSON");
    let region = &traced["provenance"]["region_academique"];
    assert_eq!(region["page"], 3, "{region}");
    assert!(
        region["zone"].as_array().is_some_and(|z| z.len() == 4),
        "{region}"
    );
    let lines = common::restitution()
        .args(["batch", "--provenance"])
        .arg(&sample)
        .output()
        .expect("runs");
    let line: serde_json::Value = serde_json::from_slice(&lines.stdout).expect("one JSON line");
    assert_eq!(line["provenance"]["region_academique"], *region);
}
