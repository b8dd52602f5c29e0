fn main() {
    std::process::exit(fromlint::cli::main());
}
