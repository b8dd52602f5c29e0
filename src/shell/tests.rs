use super::*;

fn texts(script: &str) -> Vec<Vec<String>> {
    commands(script)
        .into_iter()
        .map(|c| c.into_iter().map(|w| w.text.into()).collect())
        .collect()
}

#[test]
fn splits_commands_and_unquotes_words() {
    assert_eq!(
        texts("apk add gcc && pip install 'numpy<1.25' \"pandas\"; echo ok"),
        vec![
            vec!["apk", "add", "gcc"],
            vec!["pip", "install", "numpy<1.25", "pandas"],
            vec!["echo", "ok"]
        ]
    );
    assert_eq!(
        texts("pip install \\\n  numpy # comment\nls"),
        vec![vec!["pip", "install", "numpy"], vec!["ls"]]
    );
}

#[test]
fn redirects_are_not_words() {
    let tree = parse("apk add --no-cache curl 2>&1 gcompat >/dev/null 0<in");
    assert!(tree.error.is_none());
    let mut seen = Vec::new();
    walk::commands(&tree.body, Place::default(), &mut |c, _| {
        seen.push((
            c.words
                .iter()
                .map(|w| w.text.to_string())
                .collect::<Vec<_>>(),
            c.redirects()
                .iter()
                .map(|r| (r.fd(), r.op, r.target.text.to_string()))
                .collect::<Vec<_>>(),
        ));
    });
    assert_eq!(
        seen,
        vec![(
            vec![
                "apk".to_string(),
                "add".into(),
                "--no-cache".into(),
                "curl".into(),
                "gcompat".into()
            ],
            vec![
                (Some(2), RedirectOp::DupOut, "1".to_string()),
                (None, RedirectOp::Out, "/dev/null".into()),
                (Some(0), RedirectOp::In, "in".into()),
            ]
        )]
    );
}

#[test]
fn compound_commands_and_functions() {
    let script = "if [ -f x ]; then apt-get update; elif true; then :; else echo no; fi\n\
        for p in a b; do pip install $p; done\n\
        while false; do sleep 1; done; until true; do :; done\n\
        case \"$A\" in a|b) echo ab ;; *) echo other ;; esac\n\
        f() { echo in-f; }\n\
        function g { ( cd /tmp && make ); }\n\
        [[ -n $X && $Y == 1 ]] && echo test\n\
        (( i++ )) || true";
    let tree = parse(script);
    assert_eq!(tree.error, None);
    let programs: Vec<String> = commands(script)
        .iter()
        .map(|c| c[0].text.to_string())
        .collect();
    assert_eq!(
        programs,
        [
            "[", "apt-get", "true", ":", "echo", "pip", "false", "sleep", "true", ":", "echo",
            "echo", "echo", "cd", "make", "echo", "true"
        ]
    );
}

#[test]
fn parameter_names_are_read_from_the_text() {
    let commands =
        commands("echo $A ${#B} ${!C*} ${D:-x} $1 ${10} $@ ${#} $$ ${E[@]} \"${F}g\"$(x)$G");
    // The `echo` (the `x` inside `$(x)` comes after it).
    let names: Vec<_> = commands[0].iter().flat_map(|w| w.parameters()).collect();
    // In braces a positional parameter has all its digits, and `${#}` is
    // the count of them (it once named `1` and nothing).
    assert_eq!(
        names,
        ["A", "B", "C", "D", "1", "10", "@", "#", "$", "E", "F", "G"]
    );
}

#[test]
fn words_know_quoting_and_expansions() {
    let tree = parse("echo \"a $B\" 'c' ${D:-x} $(date) plain");
    let mut words = Vec::new();
    walk::commands(&tree.body, Place::default(), &mut |c, p| {
        if !p.nested {
            words = c.words.clone();
        }
    });
    assert_eq!(words[1].text, "a $B");
    assert!(words[1].is_quoted() && !words[1].is_static());
    assert_eq!(words[1].parameters().collect::<Vec<_>>(), ["B"]);
    assert_eq!(words[2].value(), Some("c"));
    assert_eq!(words[3].parameters().collect::<Vec<_>>(), ["D"]);
    assert!(matches!(words[4].parts()[0].kind, PartKind::Command));
    assert_eq!(words[5].value(), Some("plain"));
    assert!(!words[5].is_quoted());
    // The command inside `$(date)` is visited, as nested.
    assert_eq!(
        texts("echo $(date)"),
        [vec!["echo", "$(date)"], vec!["date"]]
    );
}

#[test]
fn sh_c_strings_are_parsed_with_spans_through_the_quotes() {
    let script = "sudo sh -c \"pip install 'psycopg2' && echo \\\"ok\\\"\"";
    let tree = parse_script(script);
    let mut found = Vec::new();
    walk::commands(&tree.body, Place::default(), &mut |c, place| {
        found.push((c.program()[0].text.to_string(), place.nested));
        if c.program()[0].text == "pip" {
            let span = c.words[2].value_span();
            assert_eq!(&script[span.start()..span.end()], "psycopg2");
        }
        if c.program()[0].text == "echo" {
            assert_eq!(c.words[1].text, "ok");
            let span = c.words[1].value_span();
            assert_eq!(&script[span.start()..span.end()], "ok");
        }
    });
    assert_eq!(
        found,
        [
            ("sh".to_string(), false),
            ("pip".into(), true),
            ("echo".into(), true)
        ]
    );
}

#[test]
fn resolves_wrappers() {
    let program = |s: &str| -> Vec<String> {
        commands(s)[0]
            .iter()
            .skip(resolve(&commands(s)[0]).program)
            .map(|w| w.text.to_string())
            .collect()
    };
    assert_eq!(
        program("sudo -u app env A=1 pip install x"),
        ["pip", "install", "x"]
    );
    assert_eq!(program("X=1 nice -n 5 time -p make"), ["make"]);
    assert_eq!(program("xargs -n1 -I{} apk add {}"), ["apk", "add", "{}"]);
    assert_eq!(
        program("exec gosu app node server.js"),
        ["node", "server.js"]
    );
    assert_eq!(program("command -v pip"), ["command", "-v", "pip"]);
    assert_eq!(program("timeout 10 curl -f x"), ["curl", "-f", "x"]);
    assert_eq!(
        texts("su app -c 'pip install x'")[1],
        ["pip", "install", "x"]
    );
    assert_eq!(texts("bash -ec 'apk add y'")[1], ["apk", "add", "y"]);
    assert_eq!(texts("env -S 'a b'")[1], ["a", "b"]);
}

#[test]
fn heredocs_read_their_bodies_and_only_shells_run_them() {
    let script = "cat <<EOF > /etc/notes\npip install psycopg2\nEOF\nbash <<-'X'\n\tapk add gcc\n\tX\necho done";
    let tree = parse_script(script);
    assert_eq!(tree.error, None);
    assert_eq!(
        texts(script),
        [
            vec!["cat"],
            vec!["bash"],
            vec!["apk", "add", "gcc"],
            vec!["echo", "done"]
        ]
    );
    let mut heredoc = Vec::new();
    walk::commands(&tree.body, Place::default(), &mut |c, place| {
        heredoc.push(place.heredoc);
        for r in c.redirects() {
            if let Some(body) = &r.heredoc {
                let span = body.span.unwrap();
                assert!(script[span.start()..span.end()].ends_with("\n"));
            }
        }
    });
    assert_eq!(heredoc, [false, false, true, false]);
    // A heredoc whose body is not in the text (a Dockerfile heredoc).
    let tree = parse("python3 <<EOF");
    assert_eq!(tree.error, None);
}

#[test]
fn broken_scripts_are_opaque() {
    for text in [
        "echo 'unterminated",
        "if true; then echo",
        "echo $(",
        "case x in",
        "a && ",
        "( echo",
        "}",
        "done",
    ] {
        let tree = parse_script(text);
        assert!(tree.is_opaque(), "{text}");
        assert!(tree.body.items.is_empty());
    }
    let deep = "$(".repeat(500);
    assert!(parse_script(&format!("echo {deep}")).is_opaque());
    let deep = "{ ".repeat(500);
    assert!(parse_script(&deep).is_opaque());
}

#[test]
fn maps_text_back_to_script_offsets() {
    let script = "pip install 'numpy==1.24'";
    let words = commands(script).remove(0);
    let (start, end) = words[2].range(0, 5);
    assert_eq!(&script[start..end], "numpy");
    let (start, end) = words[2].range(0, words[2].text.len());
    assert_eq!(&script[start..end], "numpy==1.24");
    assert_eq!(
        &script[words[2].span().start()..words[2].span().end()],
        "'numpy==1.24'"
    );
}

#[test]
fn assignments_come_first() {
    let tree = parse("A=1 B=\"x y\" make install C=2");
    let mut seen = None;
    walk::commands(&tree.body, Place::default(), &mut |c, _| {
        seen = Some((c.assignments().len(), c.arguments().len()));
    });
    assert_eq!(seen, Some((2, 3)));
}

#[test]
fn commands_keep_what_their_words_resolve_to() {
    // Plain commands and wrapped ones, with and without assignments,
    // redirects and `sh -c` scripts: whether the command keeps extras or
    // not, what it resolves to is what its words resolve to.
    for script in [
        "make",
        "A=1 make",
        "A=1 make 2>&1",
        "sudo -u app pip install x",
        "A=1 sudo make >/dev/null",
        "sh -c 'echo x' 2>&1",
        ">out",
        "env A=1 bash -ec 'apk add y' <in",
    ] {
        let tree = parse_script(script);
        let mut count = 0;
        walk::commands(&tree.body, Place::default(), &mut |c, _| {
            assert_eq!(c.resolve(), resolve(&c.words), "{script}");
            let leading = c.words.iter().take_while(|w| is_assignment(w)).count();
            assert_eq!(c.assignments().len(), leading, "{script}");
            count += 1;
        });
        assert!(count > 0, "{script}");
    }
}

#[test]
fn a_lone_parameter_reads_as_written_in_and_out_of_quotes() {
    // Kept in place rather than in the general form: the parts, quoting
    // and offsets read the same, inside `sh -c` too (a remapped word).
    let script = "echo $HOME \"${PATH}\" x$Y; sh -c 'ls \"$D\"'";
    let words: Vec<Word> = commands(script).into_iter().flatten().collect();
    let shape = |w: &Word| {
        let parts: Vec<_> = w
            .parts()
            .iter()
            .map(|p| (p.kind, p.quote, p.start(), p.end()))
            .collect();
        (
            w.text.to_string(),
            parts,
            w.is_quoted(),
            w.is_static(),
            w.parameters().collect::<Vec<_>>().join(","),
        )
    };
    let (lit, param) = (PartKind::Literal, PartKind::Parameter);
    let (none, double) = (Quote::None, Quote::Double);
    assert_eq!(
        shape(&words[1]),
        (
            "$HOME".into(),
            vec![(param, none, 0, 5)],
            false,
            false,
            "HOME".into()
        )
    );
    assert_eq!(
        shape(&words[2]),
        (
            "${PATH}".into(),
            vec![(lit, double, 0, 0), (param, double, 0, 7)],
            true,
            false,
            "PATH".into()
        )
    );
    assert_eq!(shape(&words[3]).4, "Y");
    let quoted = words.iter().find(|w| w.text == "$D").unwrap();
    assert_eq!(
        shape(quoted).1,
        vec![(lit, double, 0, 0), (param, double, 0, 2)]
    );
    for word in [&words[1], &words[2], quoted] {
        let span = word.span();
        let quotes = usize::from(word.is_quoted());
        assert_eq!(
            &script[span.start()..span.end()].trim_matches('"'),
            &word.text.as_str()
        );
        assert_eq!(
            word.value_span(),
            crate::span::Span::new(span.start() + quotes, span.end() - quotes)
        );
    }
}
