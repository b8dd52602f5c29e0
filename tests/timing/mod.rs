//! Timing for the linear-growth tests. On a shared (virtual) CI machine a
//! single timing is noise: other tests, other processes and the hypervisor's
//! steal time all add to it, for seconds at a time. So the tests measure the
//! calling thread's CPU time, alternate the small and the large input so both
//! see the same conditions, keep each one's best run, run one measurement at a
//! time within a test binary, and allow a second and third attempt: noise only
//! adds time and rarely lasts three attempts, while a quadratic path fails
//! every one of them.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Held while measuring, so tests of one binary do not share the cores.
fn exclusive() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// CPU time (user and system) the calling thread has used so far.
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the call's duration.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

fn cpu_time_of(work: &dyn Fn()) -> Duration {
    let started = thread_cpu_time();
    work();
    thread_cpu_time().saturating_sub(started)
}

/// The best times of `small` and `large` over alternating runs.
fn best_times(small: &dyn Fn(), large: &dyn Fn()) -> (Duration, Duration) {
    let mut best = (Duration::MAX, Duration::MAX);
    for _ in 0..4 {
        best.0 = best.0.min(cpu_time_of(small));
        best.1 = best.1.min(cpu_time_of(large));
    }
    best
}

/// Fails unless doing `large` (the work of `small` at twice the input size,
/// `n` → `2n`) takes at most about twice as long; a quadratic path gives 4.
pub fn assert_linear(name: &str, n: usize, small: &dyn Fn(), large: &dyn Fn()) {
    let _alone = exclusive();
    let mut ratios = Vec::new();
    for _attempt in 0..3 {
        let (t1, t2) = best_times(small, large);
        let ratio = t2.as_secs_f64() / t1.as_secs_f64().max(1e-6);
        eprintln!(
            "{name}: {t1:?} for {n}, {t2:?} for {}: ratio {ratio:.2}",
            2 * n
        );
        if ratio < 3.0 {
            return;
        }
        ratios.push(format!("{ratio:.2}"));
    }
    panic!(
        "{name} is not linear: ratios {} in three attempts",
        ratios.join(", ")
    );
}
