fn main() {
    // Temporary entry point until the CLI lands: `fromlint parse [--format json] FILE`.
    let path = std::env::args().last().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let file = fromlint::syntax::parse(&text);
    println!("{}", fromlint::syntax::buildkit_view(&file, &text));
}
