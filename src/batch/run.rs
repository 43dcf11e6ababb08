//! The parallel pipeline: items are converted on a rayon pool and their results handed
//! back in the items' order, whatever the timing. Workers claim indexes in order and may
//! run at most `window` items ahead of the last one written, so the results waiting for
//! an earlier, slower one never exceed `window`: memory stays bounded however many
//! items there are.

use std::collections::BTreeMap;
use std::io;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, MutexGuard};

/// Map `work` over `items` on `jobs` threads; `emit` receives the results in order, on
/// the calling thread. The first error of `emit` stops the workers and is returned.
pub fn ordered<T, R>(
    items: &[T],
    jobs: usize,
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(R) -> io::Result<()>,
) -> io::Result<()>
where
    T: Sync,
    R: Send,
{
    let jobs = jobs.max(1);
    let gate = Gate::new(items.len(), window.max(1));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("restitution-batch-{i}"))
        .build()
        .map_err(io::Error::other)?;
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    let mut outcome = Ok(());
    std::thread::scope(|scope| {
        let (pool, gate, work) = (&pool, &gate, &work);
        scope.spawn(move || {
            pool.scope(|s| {
                for _ in 0..jobs {
                    let tx = tx.clone();
                    s.spawn(move |_| {
                        while let Some(i) = gate.claim() {
                            if tx.send((i, work(&items[i]))).is_err() {
                                break;
                            }
                        }
                    });
                }
            });
            // `tx` is dropped here: once every worker is done, `rx` ends.
        });
        let mut pending = BTreeMap::new();
        let mut written = 0;
        for (i, result) in rx {
            pending.insert(i, result);
            while let Some(result) = pending.remove(&written) {
                if outcome.is_ok() {
                    outcome = emit(result);
                    if outcome.is_err() {
                        gate.stop();
                    }
                }
                written += 1;
                gate.written(written);
            }
        }
    });
    outcome
}

/// Hands out indexes in order, no further than `window` past the last written.
struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
    len: usize,
    window: usize,
}

struct GateState {
    next: usize,
    written: usize,
    stopped: bool,
}

impl Gate {
    fn new(len: usize, window: usize) -> Self {
        Gate {
            state: Mutex::new(GateState {
                next: 0,
                written: 0,
                stopped: false,
            }),
            changed: Condvar::new(),
            len,
            window,
        }
    }

    fn lock(&self) -> MutexGuard<'_, GateState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn claim(&self) -> Option<usize> {
        let mut state = self.lock();
        loop {
            if state.stopped || state.next >= self.len {
                return None;
            }
            if state.next < state.written + self.window {
                state.next += 1;
                return Some(state.next - 1);
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    fn written(&self, written: usize) {
        self.lock().written = written;
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_order_whatever_the_timing() {
        let items: Vec<u64> = (0..200).collect();
        for jobs in [1, 2, 4] {
            let mut seen = Vec::new();
            ordered(
                &items,
                jobs,
                8,
                |&i| {
                    // Early items are the slow ones.
                    std::thread::sleep(std::time::Duration::from_micros((200 - i) * 20));
                    i * 2
                },
                |r| {
                    seen.push(r);
                    Ok(())
                },
            )
            .expect("no error");
            assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn workers_never_run_further_than_the_window() {
        let items: Vec<usize> = (0..100).collect();
        let written = AtomicUsize::new(0);
        let window = 5;
        ordered(
            &items,
            4,
            window,
            |&i| {
                assert!(
                    i < written.load(Ordering::SeqCst) + window,
                    "item {i} claimed too early"
                );
                i
            },
            |_| {
                written.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
        )
        .expect("no error");
        assert_eq!(written.load(Ordering::SeqCst), 100);
    }

    #[test]
    fn an_emit_error_stops_the_batch() {
        let items: Vec<usize> = (0..1000).collect();
        let done = AtomicUsize::new(0);
        let result = ordered(
            &items,
            2,
            4,
            |&i| {
                done.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i| {
                if i == 10 {
                    Err(io::Error::other("full"))
                } else {
                    Ok(())
                }
            },
        );
        assert!(result.is_err());
        assert!(done.load(Ordering::SeqCst) < 20);
    }
}
