// mimalloc (v2, no transparent huge pages, freed memory returned at once):
// docs/design.md, "Scale", has the measurements behind each choice.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// mimalloc's `mi_option_set` (linked in by the `mimalloc` crate).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in the bundled mimalloc.h (v2): the milliseconds
/// freed memory stays committed before it is returned to the system.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

fn main() {
    // Returned at once, a big buffer freed while another grows (text,
    // findings) is not counted twice in the peak: the same peak as the
    // system allocator's, for no measurable time.
    // SAFETY: sets a plain integer option; valid at any time.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    std::process::exit(fromlint::cli::main());
}
