//! One setting of the binary's allocator (mimalloc, declared in
//! `src/main.rs`) that depends on the input: docs/design.md, "Scale".

/// A file at least this large makes freed memory go back to the system at
/// once: the peak memory of one big file then stays at what the system
/// allocator reaches. Below it (every file of the corpus), freed pages stay
/// committed for mimalloc's default 10 ms and are reused without a page
/// fault: over the corpus, about 10% fewer page faults and a third less
/// system time.
pub const LARGE_INPUT: usize = 1 << 20;

unsafe extern "C" {
    /// mimalloc's `mi_option_set` (linked in by the `mimalloc` crate).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in the bundled mimalloc.h (v2): the milliseconds
/// freed memory stays committed before it is returned to the system.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Called with the size of each input read: from the first large one on,
/// freed memory is returned at once, for the rest of the process. (In a
/// build that allocates with the system allocator, as the tests do, this
/// sets an option nothing reads.)
pub fn input_read(len: usize) {
    if len >= LARGE_INPUT {
        // SAFETY: sets a plain integer option; valid at any time, from any
        // thread.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    }
}
