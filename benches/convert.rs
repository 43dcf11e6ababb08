//! `cargo bench`: one conversion of the Corse sample as DOCX and as PDF, and a batch of
//! 50 copies (half DOCX, half PDF) held in memory, on 1 and 2 threads.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use restitution::batch::{self, Candidate, Options};

fn sample(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/samples")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn convert(c: &mut Criterion) {
    for name in ["corse-w14.docx", "corse-w14.pdf"] {
        let bytes = sample(name);
        c.bench_function(&format!("convert {name}"), |b| {
            b.iter(|| {
                restitution::convert(black_box(name), black_box(&bytes))
                    .map(|d| restitution::to_json(&d, false))
            })
        });
    }
}

fn batch_in_memory(c: &mut Criterion) {
    let (docx, pdf) = (sample("corse-w14.docx"), sample("corse-w14.pdf"));
    let items: Vec<Candidate> = (0..50)
        .map(|i| match i % 2 {
            0 => Candidate::in_memory(format!("copie-{i:02}.docx"), docx.clone()),
            _ => Candidate::in_memory(format!("copie-{i:02}.pdf"), pdf.clone()),
        })
        .collect();
    let mut group = c.benchmark_group("batch 50 copies");
    group.throughput(Throughput::Elements(items.len() as u64));
    group.sample_size(10);
    for jobs in [1, 2] {
        let options = Options {
            jobs,
            ..Default::default()
        };
        group.bench_function(format!("jobs {jobs}"), |b| {
            b.iter(|| batch::run(&items, &options, &mut std::io::sink(), &|| {}))
        });
    }
    group.finish();
}

criterion_group!(benches, convert, batch_in_memory);
criterion_main!(benches);
