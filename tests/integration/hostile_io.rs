//! Hostile inputs and outputs of the command line (issue 10, part 2), running the binary:
//! endless inputs, pipes where files are expected, zip bombs and wrapped zip counts,
//! planted symbolic links, outputs that are inputs, SIGTERM, a failed export, and names
//! that would forge lines on stderr. Each ends with a coded error or a document, within
//! `LIMIT`.

#![cfg(unix)]

use crate::common;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Every case must end within this (the brief's bound).
const LIMIT: Duration = Duration::from_secs(10);
const MB: usize = 1024 * 1024;

fn scratch(test: &str) -> PathBuf {
    common::scratch("hostile", test)
}

fn spawn(args: &[&OsStr], stdin: Stdio) -> Child {
    common::restitution()
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run restitution")
}

/// Wait for the child (killing it and failing after `limit`), with what it printed.
fn finish(mut child: Child, limit: Duration) -> (ExitStatus, Output) {
    let start = Instant::now();
    // Drain the pipes meanwhile, so that a large output cannot block the child.
    let stdout = child
        .stdout
        .take()
        .map(|mut out| std::thread::spawn(move || read_all(&mut out)));
    let stderr = child
        .stderr
        .take()
        .map(|mut err| std::thread::spawn(move || read_all(&mut err)));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let collect = |h: Option<std::thread::JoinHandle<Vec<u8>>>| {
        h.map(|h| h.join().expect("reader")).unwrap_or_default()
    };
    (
        status,
        Output {
            status,
            stdout: collect(stdout),
            stderr: collect(stderr),
        },
    )
}

fn read_all(reader: &mut impl std::io::Read) -> Vec<u8> {
    let mut bytes = Vec::new();
    let _ = reader.read_to_end(&mut bytes);
    bytes
}

fn run(args: &[&OsStr]) -> Output {
    finish(spawn(args, Stdio::null()), LIMIT).1
}

fn os<S: AsRef<OsStr> + ?Sized>(s: &S) -> &OsStr {
    s.as_ref()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// A folder `dir/in` holding the Corse DOCX, named `corse-w14.docx` in a batch over it.
fn one_document(dir: &Path) -> PathBuf {
    let folder = dir.join("in");
    std::fs::create_dir_all(&folder).expect("dir");
    std::fs::copy(
        common::sample_path("corse-w14.docx"),
        folder.join("corse-w14.docx"),
    )
    .expect("copy");
    folder
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success());
}

/// Write `chunk` to `out` until the reader goes away (or `total` bytes), then close it.
fn feed(
    mut out: impl Write + Send + 'static,
    chunk: Vec<u8>,
    total: usize,
) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let mut sent = 0;
        while sent < total && out.write_all(&chunk).is_ok() {
            sent += chunk.len();
        }
        sent
    })
}

// --- 6. Unbounded reads ---------------------------------------------------------------

#[test]
fn endless_devices_are_too_large_at_the_default_limit() {
    for device in ["/dev/zero", "/dev/urandom"] {
        let start = Instant::now();
        let output = run(&[os("convert"), os(device)]);
        assert_eq!(output.status.code(), Some(1), "{device}");
        assert!(
            stderr(&output).starts_with("error[trop_volumineux]"),
            "{device}: {}",
            stderr(&output)
        );
        assert!(start.elapsed() < LIMIT, "{device}: {:?}", start.elapsed());
    }
}

#[test]
fn a_pipe_fed_forever_is_too_large() {
    let dir = scratch("fifo-fed");
    let fifo = dir.join("tube");
    mkfifo(&fifo);
    let child = spawn(
        &[
            os("convert"),
            os("--max-input-mb"),
            os("1"),
            fifo.as_os_str(),
        ],
        Stdio::null(),
    );
    let writer = std::fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .expect("open the pipe");
    let fed = feed(writer, vec![b'%'; 64 * 1024], usize::MAX);
    let (status, output) = finish(child, LIMIT);
    assert_eq!(status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("error[trop_volumineux]"),
        "{}",
        stderr(&output)
    );
    assert!(
        fed.join().expect("writer") < 64 * MB,
        "the reader stopped near the limit"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_refuses_one_endless_line() {
    let dir = scratch("export-line");
    let tables = dir.join("tables");
    let mut child = spawn(
        &[os("export"), os("--csv"), tables.as_os_str(), os("-")],
        Stdio::piped(),
    );
    let fed = feed(
        child.stdin.take().expect("stdin"),
        vec![b'{'; MB],
        1024 * MB,
    );
    let (status, output) = finish(child, LIMIT);
    assert_eq!(status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("ligne 1") && text.contains("Mio"), "{text}");
    assert!(
        fed.join().expect("writer") < 1024 * MB,
        "the export stopped reading the line"
    );
    assert!(
        common::files(&tables).is_empty(),
        "{:?}",
        common::files(&tables)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn batch_list_line_of_gigabytes_is_an_error_line_and_the_list_goes_on() {
    let mut child = spawn(&[os("batch"), os("-")], Stdio::piped());
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'a'; MB];
        for _ in 0..2048 {
            stdin.write_all(&chunk)?;
        }
        stdin.write_all(b"\n")?;
        stdin.write_all(
            common::sample_path("corse-w14.docx")
                .as_os_str()
                .as_encoded_bytes(),
        )?;
        stdin.write_all(b"\n")
    });
    let (status, output) = finish(child, Duration::from_secs(30));
    writer
        .join()
        .expect("writer")
        .expect("the whole list was read");
    assert_eq!(status.code(), Some(1), "{}", stderr(&output));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 2, "{}", stderr(&output));
    let long = lines
        .iter()
        .find(|l| l.get("erreur").is_some())
        .expect("an error line");
    assert_eq!(long["erreur"]["code"], "fichier_illisible");
    assert!(long["source"]["fichier"].as_str().expect("fichier").len() < 1024);
    assert!(
        lines.iter().any(|l| l["region_academique"].is_string()),
        "the next path is converted"
    );
}

// --- 10. Pipes where a file is expected ---------------------------------------------------

#[test]
fn batch_paths_that_are_pipes_are_error_lines_not_a_hang() {
    let dir = scratch("fifo-paths");
    let (plain, zip) = (dir.join("p"), dir.join("p.zip"));
    mkfifo(&plain);
    mkfifo(&zip);
    let output = run(&[
        os("batch"),
        plain.as_os_str(),
        zip.as_os_str(),
        common::sample_path("corse-w14.docx").as_os_str(),
    ]);
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 3, "{}", stderr(&output));
    let errors: Vec<&Value> = lines.iter().filter(|l| l.get("erreur").is_some()).collect();
    assert_eq!(errors.len(), 2);
    for error in errors {
        assert_eq!(error["erreur"]["code"], "fichier_illisible");
        assert!(
            error["erreur"]["message"]
                .as_str()
                .expect("message")
                .contains("tube"),
            "{error}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn incremental_ignores_pipes_in_the_out_dir() {
    let dir = scratch("fifo-cache");
    let out = dir.join("out");
    let docx = one_document(&dir);
    let first = run(&[
        os("batch"),
        docx.as_os_str(),
        os("--out-dir"),
        out.as_os_str(),
    ]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    for name in ["corse-w14.docx.json", ".restitution-index.json"] {
        std::fs::remove_file(out.join(name)).expect("written by the first run");
        mkfifo(&out.join(name));
    }
    let again = run(&[
        os("batch"),
        docx.as_os_str(),
        os("--out-dir"),
        out.as_os_str(),
        os("--incremental"),
    ]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("convertis : 1\n"),
        "converted again, not reused: {}",
        stderr(&again)
    );
    assert!(
        out.join("corse-w14.docx.json").is_file(),
        "the pipe is replaced by the document"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// --- Zip archives written by hand: sizes and counts no zip library would write ---------

struct Member {
    name: String,
    method: u16,
    crc: u32,
    data: Vec<u8>,
    size: u32,
}

/// A zip archive of `members` (no ZIP64) whose end record declares `declared` entries.
fn zip_bytes(members: &[Member], declared: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for m in members {
        let offset = out.len() as u32;
        let header = |signature: &[u8], central: bool| {
            let mut h = signature.to_vec();
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&m.method.to_le_bytes());
            h.extend_from_slice(&[0; 4]);
            h.extend_from_slice(&m.crc.to_le_bytes());
            h.extend_from_slice(&(m.data.len() as u32).to_le_bytes());
            h.extend_from_slice(&m.size.to_le_bytes());
            h.extend_from_slice(&(m.name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central {
                // Comment length, disk, internal and external attributes, offset.
                h.extend_from_slice(&[0; 10]);
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(m.name.as_bytes());
            h
        };
        out.extend(header(b"PK\x03\x04", false));
        out.extend_from_slice(&m.data);
        directory.extend(header(b"PK\x01\x02", true));
    }
    let start = out.len() as u32;
    out.extend_from_slice(&directory);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&declared.to_le_bytes());
    out.extend_from_slice(&declared.to_le_bytes());
    out.extend_from_slice(&(directory.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Raw deflate of `size` zero bytes, and their CRC-32 (python's zlib, at C speed).
fn deflated_zeros(size: usize) -> (Vec<u8>, u32) {
    let script = "import sys,zlib\nn=int(sys.argv[1]);z=bytes(n)\nc=zlib.compressobj(9,zlib.DEFLATED,-15)\n\
                  d=c.compress(z)+c.flush()\nsys.stdout.buffer.write(zlib.crc32(z).to_bytes(4,'little')+d)";
    let out = Command::new("python3")
        .args(["-c", script, &size.to_string()])
        .output()
        .expect("python3");
    assert!(out.status.success());
    (
        out.stdout[4..].to_vec(),
        u32::from_le_bytes(out.stdout[..4].try_into().expect("crc")),
    )
}

fn bomb(dir: &Path) -> PathBuf {
    let (data, crc) = deflated_zeros(100 * MB);
    let members: Vec<Member> = (0..100)
        .map(|i| Member {
            name: format!("m{i:03}.docx"),
            method: 8,
            crc,
            data: data.clone(),
            size: (100 * MB) as u32,
        })
        .collect();
    let path = dir.join("bombe.zip");
    std::fs::write(&path, zip_bytes(&members, 100)).expect("write");
    path
}

/// 70,000 empty `.txt` members, the count wrapped to 4,464 as a writer without ZIP64 does.
fn wrapped(dir: &Path) -> PathBuf {
    let members: Vec<Member> = (0..70_000)
        .map(|i| Member {
            name: format!("m{i:05}.txt"),
            method: 0,
            crc: 0,
            data: Vec::new(),
            size: 0,
        })
        .collect();
    let path = dir.join("soixante-dix-mille.zip");
    std::fs::write(&path, zip_bytes(&members, (70_000 % 65_536) as u16)).expect("write");
    path
}

#[test]
fn archive_members_beyond_the_compression_ratio_are_refused() {
    let dir = scratch("bomb");
    let archive = bomb(&dir);
    let start = Instant::now();
    let output = run(&[os("batch"), archive.as_os_str()]);
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 100, "{}", stderr(&output));
    for line in &lines {
        assert_eq!(line["erreur"]["code"], "trop_volumineux", "{line}");
        assert!(
            line["erreur"]["message"]
                .as_str()
                .expect("message")
                .contains("--max-zip-ratio"),
            "{line}"
        );
    }
    assert!(start.elapsed() < LIMIT, "{:?}", start.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_archive_whose_count_wrapped_says_so() {
    let dir = scratch("wrapped");
    let archive = wrapped(&dir);
    let output = run(&[os("batch"), archive.as_os_str()]);
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 1, "{}", stderr(&output));
    assert_eq!(
        lines[0]["source"]["fichier"],
        archive.to_string_lossy().as_ref()
    );
    assert_eq!(lines[0]["erreur"]["code"], "fichier_illisible");
    let message = lines[0]["erreur"]["message"].as_str().expect("message");
    assert!(
        message.contains("70000 membres") && message.contains("4464"),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// --- 12. Temporary files -------------------------------------------------------------------

#[test]
fn planted_symbolic_links_are_never_written_through() {
    let dir = scratch("symlinks");
    let victim = dir.join("victime.txt");
    std::fs::write(&victim, "intact").expect("victim");
    let out = dir.join("sortie");
    std::fs::create_dir_all(out.join("json")).expect("out");
    // The names the old code would have used, for the next process ids.
    let last: u32 = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(1);
    for pid in last..last + 3000 {
        for name in [
            "doc.json",
            "lot.jsonl",
            "corse-w14.docx.json",
            "documents.csv",
        ] {
            let folder = if name.ends_with("docx.json") {
                out.join("json")
            } else if name.ends_with(".csv") {
                out.join("csv")
            } else {
                out.clone()
            };
            std::fs::create_dir_all(&folder).expect("folder");
            for tmp in [format!(".{name}.tmp-{pid}"), format!(".{name}.tmp-{pid}-0")] {
                let _ = std::os::unix::fs::symlink(&victim, folder.join(tmp));
            }
        }
    }
    let docx = one_document(&dir);
    let convert = run(&[
        os("convert"),
        docx.join("corse-w14.docx").as_os_str(),
        os("-o"),
        out.join("doc.json").as_os_str(),
    ]);
    assert_eq!(convert.status.code(), Some(0), "{}", stderr(&convert));
    let batch = run(&[
        os("batch"),
        docx.as_os_str(),
        os("-o"),
        out.join("lot.jsonl").as_os_str(),
        os("--out-dir"),
        out.join("json").as_os_str(),
        os("--csv"),
        out.join("csv").as_os_str(),
    ]);
    assert_eq!(batch.status.code(), Some(0), "{}", stderr(&batch));
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "intact");
    for written in [
        "doc.json",
        "lot.jsonl",
        "json/corse-w14.docx.json",
        "csv/documents.csv",
    ] {
        let meta = std::fs::symlink_metadata(out.join(written)).expect(written);
        assert!(meta.is_file() && meta.len() > 0, "{written}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// --- 14. An output that is an input --------------------------------------------------------

#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = scratch("same-file");
    let docx = dir.join("a.docx");
    let pdf = dir.join("a.pdf");
    std::fs::copy(common::sample_path("corse-w14.docx"), &docx).expect("copy");
    std::fs::copy(common::sample_path("corse-w14.pdf"), &pdf).expect("copy");
    let before = (
        std::fs::read(&docx).expect("docx"),
        std::fs::read(&pdf).expect("pdf"),
    );
    let convert = run(&[os("convert"), docx.as_os_str(), os("-o"), docx.as_os_str()]);
    // The same file by another path, through the folder.
    let other_path = dir.join(".").join("a.pdf");
    let batch = run(&[
        os("batch"),
        dir.as_os_str(),
        os("-o"),
        other_path.as_os_str(),
    ]);
    for output in [&convert, &batch] {
        assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
        assert!(
            stderr(output).contains("est aussi une entrée"),
            "{}",
            stderr(output)
        );
        assert!(output.stdout.is_empty());
    }
    assert_eq!(
        (
            std::fs::read(&docx).expect("docx"),
            std::fs::read(&pdf).expect("pdf")
        ),
        before
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The tables, the report and the out-dir's files are outputs like `-o`: one that is an
/// input is refused before anything is written.
#[test]
fn table_report_and_out_dir_outputs_that_are_inputs_are_refused() {
    let dir = scratch("same-file-exports");
    let pdf = dir.join("a.pdf");
    std::fs::copy(common::sample_path("corse-w14.pdf"), &pdf).expect("copy");
    // Candidates by their content, named as the batch would name its outputs.
    let as_table = dir.join("documents.csv");
    let as_document = dir.join("a.pdf.json");
    std::fs::copy(common::sample_path("corse-w14.docx"), &as_table).expect("copy");
    std::fs::copy(common::sample_path("corse-w14.pdf"), &as_document).expect("copy");
    let jsonl = dir.join("lot.jsonl");
    std::fs::write(&jsonl, "").expect("jsonl");
    let files = [&pdf, &as_table, &as_document, &jsonl];
    let before: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("input"))
        .collect();
    let batch =
        |flag: &str, out: &Path| run(&[os("batch"), dir.as_os_str(), os(flag), out.as_os_str()]);
    let runs = [
        batch("--xlsx", &pdf),
        batch("--sqlite", &pdf),
        batch("--rapport", &pdf),
        batch("--csv", &dir),
        batch("--out-dir", &dir),
        run(&[
            os("export"),
            jsonl.as_os_str(),
            os("--xlsx"),
            jsonl.as_os_str(),
        ]),
    ];
    for output in &runs {
        assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
        assert!(
            stderr(output).contains("est aussi une entrée"),
            "{}",
            stderr(output)
        );
        assert!(output.stdout.is_empty());
    }
    let after: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("input"))
        .collect();
    assert!(after == before, "an input was replaced");
    let mut left: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["a.pdf", "a.pdf.json", "documents.csv", "lot.jsonl"]);
    let _ = std::fs::remove_dir_all(&dir);
}

// --- 15. SIGTERM and a failed export ---------------------------------------------------

#[test]
fn sigterm_stops_a_batch_without_temporary_files() {
    let dir = scratch("sigterm");
    let many = dir.join("many");
    std::fs::create_dir_all(&many).expect("dir");
    let bytes = std::fs::read(common::sample_path("corse-w14.docx")).expect("sample");
    for i in 0..300 {
        std::fs::write(many.join(format!("f{i:03}.docx")), &bytes).expect("copy");
    }
    let (out, jsonl) = (dir.join("out"), dir.join("all.jsonl"));
    let args = [
        os("batch"),
        many.as_os_str(),
        os("--jobs"),
        os("1"),
        os("--out-dir"),
        out.as_os_str(),
        os("-o"),
        jsonl.as_os_str(),
    ];
    let child = spawn(&args, Stdio::null());
    let start = Instant::now();
    while common::files(&out).len() < 2 {
        assert!(start.elapsed() < Duration::from_secs(60), "no output");
        std::thread::sleep(Duration::from_millis(5));
    }
    let sent = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .expect("kill");
    assert!(sent.success());
    let (status, output) = finish(child, LIMIT);
    assert_eq!(status.code(), Some(130), "{}", stderr(&output));
    assert!(!jsonl.exists(), "-o is written whole or not at all");
    common::no_temporary_files(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Send SIGTERM to `child`.
fn terminate(child: &Child) {
    let sent = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .expect("kill");
    assert!(sent.success());
}

/// `convert -` and `export -` trap SIGTERM like batch: sent while they read their input,
/// they go on to their next step, write nothing, leave no temporary file and exit 130.
#[test]
fn sigterm_stops_convert_and_export_without_temporary_files() {
    use std::io::Write as _;
    let dir = scratch("sigterm-convert-export");
    let docx = std::fs::read(common::sample_path("corse-w14.docx")).expect("sample");
    let lines = run(&[
        os("batch"),
        common::sample_path("corse-w14.docx").as_os_str(),
    ])
    .stdout;
    let (json, tables) = (dir.join("doc.json"), dir.join("tables"));
    let cases: [(Vec<&OsStr>, &[u8], &Path); 2] = [
        (
            vec![os("convert"), os("-"), os("-o"), json.as_os_str()],
            &docx,
            &json,
        ),
        (
            vec![os("export"), os("--csv"), tables.as_os_str(), os("-")],
            &lines,
            &tables,
        ),
    ];
    for (args, input, written) in cases {
        let mut child = spawn(&args, Stdio::piped());
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(&input[..input.len() / 2])
            .expect("first half");
        stdin.flush().expect("flush");
        // The handler is installed before the input is read.
        std::thread::sleep(Duration::from_millis(300));
        terminate(&child);
        std::thread::sleep(Duration::from_millis(100));
        // The rest of the input, then its end: the command is still there to read it.
        let _ = stdin.write_all(&input[input.len() / 2..]);
        drop(stdin);
        let (status, output) = finish(child, LIMIT);
        assert_eq!(status.code(), Some(130), "{args:?}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("interrompu"),
            "{}",
            stderr(&output)
        );
        assert!(
            common::files(written).is_empty() && !written.is_file(),
            "{args:?} wrote {}",
            written.display()
        );
        common::no_temporary_files(&dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_export_replaces_no_table() {
    let dir = scratch("export-all");
    let tables = dir.join("tables");
    std::fs::create_dir_all(&tables).expect("dir");
    let lines = run(&[
        os("batch"),
        common::sample_path("corse-w14.docx").as_os_str(),
    ]);
    let input = dir.join("lot.jsonl");
    std::fs::write(&input, &lines.stdout).expect("input");
    // The first export writes the ten tables; then one of them becomes a folder.
    let first = run(&[
        os("export"),
        os("--csv"),
        tables.as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before: Vec<(PathBuf, Vec<u8>)> = common::files(&tables)
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(&p).expect("read")))
        .collect();
    assert_eq!(before.len(), 10);
    std::fs::remove_file(tables.join("erreurs.csv")).expect("remove");
    std::fs::create_dir_all(tables.join("erreurs.csv/occupé")).expect("dir");
    let failed = run(&[
        os("export"),
        os("--csv"),
        tables.as_os_str(),
        os("--excel"),
        input.as_os_str(),
    ]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    for (path, bytes) in before.iter().filter(|(p, _)| !p.ends_with("erreurs.csv")) {
        assert_eq!(
            &std::fs::read(path).expect("read"),
            bytes,
            "{} was replaced",
            path.display()
        );
    }
    common::no_temporary_files(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

// --- 16. Control characters in messages -------------------------------------------------

#[test]
fn a_newline_in_a_name_cannot_forge_an_error_line() {
    let dir = scratch("forged");
    let name = dir.join("a.pdf\nerror[chiffre]: forgé.pdf");
    std::fs::write(&name, "pas un PDF").expect("write");
    let convert = run(&[os("convert"), name.as_os_str()]);
    let batch = run(&[os("batch"), name.as_os_str()]);
    for output in [&convert, &batch] {
        let text = stderr(output);
        assert!(
            !text.lines().any(|l| l.starts_with("error[chiffre]")),
            "{text}"
        );
        assert!(
            !text
                .lines()
                .any(|l| l.trim_start().starts_with("error[chiffre]")),
            "{text}"
        );
        assert!(text.contains("a.pdf\\nerror[chiffre]"), "{text}");
    }
    assert_eq!(stderr(&convert).lines().count(), 1, "{}", stderr(&convert));
    let _ = std::fs::remove_dir_all(&dir);
}

// --- All of them in one batch -----------------------------------------------------------

#[test]
fn one_batch_over_every_hostile_input_writes_one_line_each() {
    let dir = scratch("all");
    let (plain, zip) = (dir.join("p"), dir.join("p.zip"));
    mkfifo(&plain);
    mkfifo(&zip);
    let forged = dir.join("x.pdf\nerror[chiffre]: y.pdf");
    std::fs::write(&forged, "pas un PDF").expect("write");
    let (bomb, wrapped) = (bomb(&dir), wrapped(&dir));
    let paths = [
        os("/dev/zero"),
        plain.as_os_str(),
        zip.as_os_str(),
        forged.as_os_str(),
        bomb.as_os_str(),
        wrapped.as_os_str(),
    ];
    let pdf = common::sample_path("corse-w14.pdf");
    let mut args = vec![os("batch")];
    args.extend(paths);
    args.push(pdf.as_os_str());
    let start = Instant::now();
    let output = run(&args);
    let lines = json_lines(&output.stdout);
    // /dev/zero, the two pipes, the forged name, 100 bombs, the wrapped archive, the PDF.
    assert_eq!(lines.len(), 106, "{}", stderr(&output));
    assert_eq!(
        lines.iter().filter(|l| l.get("erreur").is_none()).count(),
        1
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(start.elapsed() < LIMIT, "{:?}", start.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
}
