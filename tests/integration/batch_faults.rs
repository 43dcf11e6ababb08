//! `batch` under faults, running the binary: a file that becomes unreadable mid-run, a
//! pipe among the inputs, an --out-dir that cannot be made, and an interrupt (SIGINT).
//! The other documents are still converted, or the run stops cleanly; no partial or
//! temporary file remains.

use crate::common;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

fn scratch(test: &str) -> PathBuf {
    common::scratch("faults", test)
}

/// `n` copies of the Corse DOCX in `dir/many`, named f0001.docx…
fn copies(dir: &Path, n: usize) -> PathBuf {
    let many = dir.join("many");
    std::fs::create_dir_all(&many).expect("dir");
    let bytes = std::fs::read(common::sample_path("corse-w14.docx")).expect("sample");
    for i in 1..=n {
        std::fs::write(many.join(format!("f{i:04}.docx")), &bytes).expect("copy");
    }
    many
}

fn batch(args: &[&std::ffi::OsStr]) -> Child {
    common::restitution()
        .arg("batch")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run restitution")
}

/// Wait for the child, failing the test (and killing it) after `limit`.
fn wait(child: &mut Child, limit: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("batch still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Wait until `dir` holds at least one `.json` file.
fn first_output(dir: &Path, child: &mut Child) {
    let start = Instant::now();
    loop {
        let any = std::fs::read_dir(dir).map(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".json"))
        });
        if any.unwrap_or(false) {
            return;
        }
        assert!(
            child.try_wait().expect("wait").is_none(),
            "batch ended before its first output"
        );
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no output after 60 s"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn a_file_removed_after_listing_gets_an_error_line_and_the_others_convert() {
    let dir = scratch("removed");
    // One worker, which never runs more than 16 documents ahead of the last line
    // written: when the first output appears, the last of 200 has not been read yet.
    let many = copies(&dir, 200);
    let out = dir.join("out");
    let mut child = batch(&[
        many.as_os_str(),
        "--jobs".as_ref(),
        "1".as_ref(),
        "--out-dir".as_ref(),
        out.as_os_str(),
        "-o".as_ref(),
        dir.join("all.jsonl").as_os_str(),
    ]);
    first_output(&out, &mut child);
    std::fs::remove_file(many.join("f0200.docx")).expect("remove");
    let status = wait(&mut child, Duration::from_secs(120));
    assert_eq!(status.code(), Some(1), "one candidate failed");
    let lines = common::json_lines(&std::fs::read(dir.join("all.jsonl")).expect("output written"));
    assert_eq!(lines.len(), 200);
    for line in &lines[..199] {
        assert!(line.get("erreur").is_none(), "{line}");
    }
    assert_eq!(lines[199]["source"]["fichier"], "f0200.docx");
    assert_eq!(lines[199]["erreur"]["code"], "fichier_illisible");
    assert!(out.join("f0200.docx.error.json").is_file());
    let outputs = common::files(&out)
        .into_iter()
        .filter(|p| !p.ends_with(".restitution-index.json"))
        .count();
    assert_eq!(
        outputs, 200,
        "one file per document, beside the index of --incremental"
    );
    common::no_temporary_files(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_pipe_or_a_folder_named_like_a_document_is_an_error_line_not_a_hang() {
    let dir = scratch("pipe");
    let fifo = dir.join("tube.pdf");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let docx = common::sample_path("corse-w14.docx");
    let mut child = batch(&[
        docx.as_os_str(),
        fifo.as_os_str(),
        common::sample_path("corse-w14.pdf").as_os_str(),
    ]);
    // Opening a pipe with no writer would block forever.
    let status = wait(&mut child, Duration::from_secs(60));
    let output = child.wait_with_output().expect("output");
    assert_eq!(status.code(), Some(1));
    let lines = common::json_lines(&output.stdout);
    assert_eq!(lines.len(), 3);
    let failed: Vec<_> = lines.iter().filter(|l| l.get("erreur").is_some()).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["erreur"]["code"], "fichier_illisible");
    assert!(
        failed[0]["source"]["fichier"]
            .as_str()
            .unwrap_or_default()
            .ends_with("tube.pdf")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_out_dir_that_cannot_be_made_stops_before_converting() {
    let dir = scratch("outdir");
    let file = dir.join("fichier");
    std::fs::write(&file, "not a folder").expect("file");
    let out = file.join("sortie");
    let jsonl = dir.join("all.jsonl");
    let docx = common::sample_path("corse-w14.docx");
    let mut child = batch(&[
        docx.as_os_str(),
        "--out-dir".as_ref(),
        out.as_os_str(),
        "-o".as_ref(),
        jsonl.as_os_str(),
    ]);
    let status = wait(&mut child, Duration::from_secs(60));
    let output = child.wait_with_output().expect("output");
    assert_eq!(status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--out-dir"));
    assert!(!jsonl.exists(), "no output when nothing could be written");
    assert_eq!(common::files(&dir), vec![file]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_interrupt_stops_cleanly_without_temporary_files() {
    let dir = scratch("sigint");
    let many = copies(&dir, 400);
    let (out, csv, jsonl) = (dir.join("out"), dir.join("csv"), dir.join("all.jsonl"));
    let mut child = batch(&[
        many.as_os_str(),
        "--jobs".as_ref(),
        "2".as_ref(),
        "--out-dir".as_ref(),
        out.as_os_str(),
        "--csv".as_ref(),
        csv.as_os_str(),
        "-o".as_ref(),
        jsonl.as_os_str(),
    ]);
    first_output(&out, &mut child);
    let sent = Command::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status()
        .expect("kill");
    assert!(sent.success());
    let status = wait(&mut child, Duration::from_secs(60));
    let output = child.wait_with_output().expect("output");
    assert_eq!(
        status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Stopped: the JSON Lines file and the CSV tables are not half-written, they are absent.
    assert!(!jsonl.exists());
    assert!(common::files(&csv).is_empty(), "{:?}", common::files(&csv));
    common::no_temporary_files(&dir);
    // The per-document files written before the interrupt are whole.
    let written = common::files(&out);
    assert!(
        !written.is_empty() && written.len() < 400,
        "{} files",
        written.len()
    );
    for path in written {
        let text = std::fs::read_to_string(&path).expect("read");
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
