//! Work spread over the machine's cores.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The number of cores to use, asked once: asking reads the cgroup files each time.
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A scoped thread's result; a panic there goes on in this thread.
pub fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// `work(i)` for each `i` in `0..count`, in that order. Items are handed out one at a
/// time to a worker per core (this thread being one), so that a core done with quick
/// items takes the next one instead of waiting on a slow one.
pub fn map_on_cores<R: Send>(count: usize, work: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                return done;
            }
            done.push((i, work(i)));
        }
    };
    let mut all = std::thread::scope(|scope| {
        let others: Vec<_> = (1..cores().min(count)).map(|_| scope.spawn(worker)).collect();
        let mut all = worker();
        for other in others {
            all.extend(joined(other));
        }
        all
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_in_item_order_whoever_computes_them() {
        // Early items are slow, so that the workers finish out of order.
        let squares = super::map_on_cores(40, |i| {
            std::thread::sleep(std::time::Duration::from_micros(if i < 4 { 2000 } else { 10 }));
            i * i
        });
        assert_eq!(squares, (0..40).map(|i| i * i).collect::<Vec<_>>());
        assert!(super::map_on_cores(0, |i| i).is_empty());
    }
}
