#!/usr/bin/env python3
"""Run `restitution convert` over inputs mutated from the fixtures and report every answer
that is not one of the two allowed ones.

    scripts/mutate.py [--count 10000] [--seed 1] [--bin target/release/restitution]
                      [--timeout 5] [--jobs 2] [--keep DIR]

Mutations (chosen at random for each input, from a random DOCX or PDF of fixtures/):
  truncate     the file cut at a random offset
  bitflip      1 to 16 random bits flipped
  bytes        a run of random bytes overwritten, or a run deleted / duplicated
  docx-xml     (DOCX) word/document.xml (or another part) truncated, its tags damaged
               (a `<` or `>` or `/` removed, a closing tag renamed, an attribute quote
               dropped), a random span deleted or repeated, then the zip rewritten
  docx-zip     (DOCX) an entry dropped, or stored with a wrong CRC / a damaged
               compressed stream (bytes of the raw archive flipped inside an entry)
  pdf-object   (PDF) an object's number or `obj`/`endobj`/`stream` keyword damaged, a
               /Length changed, a dictionary's `<<` or `>>` removed, a reference pointed
               at a missing object
  pdf-xref     (PDF) the xref table or `startxref` offset damaged, or the trailer removed

Allowed answers: exit 0 with a JSON document on stdout, or exit 1 with nothing on
stdout and one `error[code]: ...` line on stderr. Reported: crashes (another exit
status, a signal, `panicked` on stderr), runs over the timeout, and any other answer.
With --keep DIR, every reported input is written there. Exit status 1 when anything
was reported.
"""
import argparse
import glob
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ERROR_LINE = re.compile(r"^error\[[a-z_]+\]: .*$")


def truncate(rng, data, kind):
    return data[: rng.randrange(0, max(1, len(data)))]


def bitflip(rng, data, kind):
    b = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def bytes_run(rng, data, kind):
    b = bytearray(data)
    i = rng.randrange(len(b))
    n = rng.randint(1, 64)
    what = rng.choice(["overwrite", "delete", "duplicate"])
    if what == "overwrite":
        b[i : i + n] = bytes(rng.randrange(256) for _ in range(len(b[i : i + n])))
    elif what == "delete":
        del b[i : i + n]
    else:
        b[i:i] = b[i : i + n] * rng.randint(1, 8)
    return bytes(b)


def damage_xml(rng, xml):
    for _ in range(rng.randint(1, 4)):
        if not xml:
            break
        what = rng.choice(["truncate", "drop-char", "rename-close", "drop-quote", "delete-span", "repeat-span", "nest"])
        i = rng.randrange(len(xml))
        if what == "truncate":
            xml = xml[:i]
        elif what == "drop-char":
            positions = [m.start() for m in re.finditer(rb"[<>/]", xml[i : i + 4000])]
            if positions:
                j = i + rng.choice(positions)
                xml = xml[:j] + xml[j + 1 :]
        elif what == "rename-close":
            m = re.compile(rb"</w:([a-zA-Z]+)>").search(xml, i)
            if m:
                xml = xml[: m.start(1)] + b"zz" + xml[m.end(1) :]
        elif what == "drop-quote":
            j = xml.find(b'"', i)
            if j >= 0:
                xml = xml[:j] + xml[j + 1 :]
        elif what == "delete-span":
            xml = xml[:i] + xml[i + rng.randint(1, 2000) :]
        elif what == "repeat-span":
            span = xml[i : i + rng.randint(1, 2000)]
            xml = xml[:i] + span * rng.randint(2, 20) + xml[i:]
        else:  # deep nesting
            n = rng.randint(10, 2000)
            xml = xml[:i] + b"<w:tbl><w:tr><w:tc>" * n + xml[i:]
    return xml


def rezip(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return out.getvalue()


def docx_entries(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def docx_xml(rng, data, kind):
    entries = docx_entries(data)
    names = [n for n, _ in entries if n.endswith((".xml", ".rels"))]
    target = "word/document.xml" if rng.random() < 0.7 and "word/document.xml" in names else rng.choice(names)
    return rezip([(n, damage_xml(rng, d) if n == target else d) for n, d in entries])


def docx_zip(rng, data, kind):
    what = rng.choice(["drop-entry", "flip-inside-entry", "wrong-crc"])
    if what == "drop-entry":
        entries = docx_entries(data)
        del entries[rng.randrange(len(entries))]
        return rezip(entries)
    b = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        info = next((i for i in infos if i.filename == "word/document.xml" and rng.random() < 0.6), rng.choice(infos))
    off = info.header_offset
    name_len = int.from_bytes(b[off + 26 : off + 28], "little")
    extra_len = int.from_bytes(b[off + 28 : off + 30], "little")
    start = off + 30 + name_len + extra_len
    if what == "wrong-crc":
        for k in range(4):
            b[off + 14 + k] = rng.randrange(256)
    elif info.compress_size:
        for _ in range(rng.randint(1, 8)):
            i = start + rng.randrange(info.compress_size)
            b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def pdf_object(rng, data, kind):
    objs = [m for m in re.finditer(rb"(\d+) (\d+) obj", data)]
    if not objs:
        return bitflip(rng, data, kind)
    m = rng.choice(objs)
    what = rng.choice(["number", "keyword", "length", "dict", "ref", "stream-bytes"])
    start = m.start()
    if what == "number":
        return data[:start] + str(rng.randint(0, 100000)).encode() + data[m.end(1) :]
    if what == "keyword":
        for kw in (b"endobj", b"stream", b"endstream", b"obj"):
            j = data.find(kw, m.end())
            if j >= 0 and rng.random() < 0.5:
                return data[:j] + kw[:-1] + data[j + len(kw) :]
        return data[: m.end() - 3] + data[m.end() :]
    if what == "length":
        l = re.compile(rb"/Length (\d+)").search(data, start)
        if l:
            v = rng.choice([0, 1, int(l.group(1)) // 2, int(l.group(1)) * 3, 99999999, -5])
            return data[: l.start(1)] + str(v).encode() + data[l.end(1) :]
        return data
    if what == "dict":
        j = data.find(rng.choice([b"<<", b">>"]), start)
        return data[:j] + data[j + 2 :] if j >= 0 else data
    if what == "ref":
        r = re.compile(rb"(\d+) 0 R").search(data, start)
        if r:
            v = rng.choice([0, 99999, int(r.group(1)), int(m.group(1))])
            return data[: r.start(1)] + str(v).encode() + data[r.end(1) :]
        return data
    # stream-bytes: flip bytes inside the object's stream (a damaged compressed stream)
    j = data.find(b"stream", m.end())
    if j < 0:
        return bitflip(rng, data, kind)
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = min(len(b) - 1, j + 8 + rng.randrange(200))
        b[i] = rng.randrange(256)
    return bytes(b)


def pdf_xref(rng, data, kind):
    what = rng.choice(["startxref", "xref-table", "trailer", "eof"])
    if what == "startxref":
        j = data.rfind(b"startxref")
        if j >= 0:
            k = data.find(b"%%EOF", j)
            k = k if k >= 0 else len(data)
            v = rng.choice([0, 1, len(data), len(data) * 2, rng.randrange(len(data))])
            return data[:j] + b"startxref\n" + str(v).encode() + b"\n" + data[k:]
    if what == "xref-table":
        j = data.rfind(b"xref")
        if j >= 0:
            b = bytearray(data)
            for _ in range(rng.randint(1, 10)):
                i = min(len(b) - 1, j + rng.randrange(400))
                b[i] = rng.choice(b"0123456789 fn\n")
            return bytes(b)
    if what == "trailer":
        j = data.rfind(b"trailer")
        if j >= 0:
            return data[:j] + data[j + 7 :]
    j = data.rfind(b"%%EOF")
    return data[:j] if j >= 0 else truncate(rng, data, kind)


MUTATIONS = {
    "docx": [truncate, bitflip, bytes_run, docx_xml, docx_xml, docx_xml, docx_zip, docx_zip],
    "pdf": [truncate, bitflip, bytes_run, pdf_object, pdf_object, pdf_object, pdf_xref, pdf_xref],
}


def judge(proc, elapsed, timeout):
    """None when the answer is allowed, else what is wrong with it."""
    if proc is None:
        return f"timeout (over {timeout} s)"
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode < 0:
        return f"crash: signal {-proc.returncode}"
    if "panicked" in err:
        return "crash: panicked: " + err.strip().splitlines()[-1][:200]
    if proc.returncode == 0:
        try:
            doc = json.loads(proc.stdout)
        except ValueError:
            return "exit 0 without a JSON document"
        if not isinstance(doc, dict) or "source" not in doc:
            return "exit 0 with JSON that is not a document"
        return None
    if proc.returncode == 1:
        lines = err.strip().splitlines()
        if proc.stdout or len(lines) != 1 or not ERROR_LINE.match(lines[0]):
            return "exit 1 without exactly one error[code] line: " + err.strip()[:200]
        return None
    return f"crash: exit status {proc.returncode}: " + err.strip()[:200]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/restitution"))
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", help="write every reported input into this folder")
    args = ap.parse_args()

    sources = sorted(glob.glob(os.path.join(ROOT, "fixtures/**/*.docx"), recursive=True))
    sources += sorted(glob.glob(os.path.join(ROOT, "fixtures/**/*.pdf"), recursive=True))
    seeds = []
    for path in sources:
        data = open(path, "rb").read()
        kind = "docx" if data.startswith(b"PK") else "pdf" if b"%PDF-" in data[:1024] else None
        if kind == "docx":
            try:
                docx_entries(data)
            except Exception:
                kind = None
        if kind and data:
            seeds.append((os.path.relpath(path, ROOT), kind, data))
    if not seeds:
        sys.exit("no fixtures found")

    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="mutate-")
    plan = []
    for n in range(args.count):
        name, kind, data = rng.choice(seeds)
        mutation = rng.choice(MUTATIONS[kind])
        plan.append((n, name, kind, mutation, rng.getrandbits(64)))

    def run(item):
        n, name, kind, mutation, seed = item
        r = random.Random(seed)
        data = next(d for s, _, d in seeds if s == name)
        try:
            mutated = mutation(r, data, kind)
        except Exception:  # a mutation that does not apply: fall back to bit flips
            mutated = bitflip(r, data, kind)
        path = os.path.join(tmp, f"{n}.{kind}")
        with open(path, "wb") as fh:
            fh.write(mutated)
        t0 = time.monotonic()
        try:
            proc = subprocess.run([args.bin, "convert", "--compact", path], capture_output=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            proc = None
        elapsed = time.monotonic() - t0
        problem = judge(proc, elapsed, args.timeout)
        outcome = None
        if proc is not None and proc.returncode == 0:
            outcome = "document"
        elif proc is not None and proc.returncode == 1:
            m = re.match(rb"error\[([a-z_]+)\]", proc.stderr)
            outcome = m.group(1).decode() if m else "?"
        if problem and args.keep:
            os.makedirs(args.keep, exist_ok=True)
            with open(os.path.join(args.keep, f"{n}-{mutation.__name__}-{os.path.basename(name)}"), "wb") as fh:
                fh.write(mutated)
        os.remove(path)
        return n, name, mutation.__name__, elapsed, outcome, problem

    t0 = time.monotonic()
    results = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for i, res in enumerate(pool.map(run, plan), 1):
            results.append(res)
            if res[5]:
                print(f"#{res[0]} {res[2]} of {res[1]}: {res[5]}", flush=True)
            if i % 1000 == 0:
                print(f"... {i} inputs, {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
    os.rmdir(tmp)

    outcomes = {}
    for r in results:
        outcomes[r[4] or "reported"] = outcomes.get(r[4] or "reported", 0) + 1
    per_mutation = {}
    for r in results:
        per_mutation[r[2]] = per_mutation.get(r[2], 0) + 1
    times = sorted(r[3] for r in results)
    problems = [r for r in results if r[5]]
    crashes = sum(1 for r in problems if r[5].startswith("crash"))
    timeouts = sum(1 for r in problems if r[5].startswith("timeout"))
    print(f"inputs: {len(results)} from {len(seeds)} fixtures (seed {args.seed}), {time.monotonic() - t0:.0f} s wall")
    print("mutations: " + ", ".join(f"{k} {v}" for k, v in sorted(per_mutation.items())))
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items(), key=lambda kv: -kv[1])))
    print(f"slowest: {times[-1]:.2f} s; median {times[len(times) // 2] * 1000:.0f} ms")
    print(f"crashes: {crashes}; over {args.timeout:g} s: {timeouts}; other bad answers: {len(problems) - crashes - timeouts}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
