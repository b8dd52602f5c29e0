// mimalloc (v2, no transparent huge pages; freed memory returned at once
// after a large input: `fromlint::allocator`): docs/design.md, "Scale", has
// the measurements behind each choice.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(fromlint::cli::main());
}
