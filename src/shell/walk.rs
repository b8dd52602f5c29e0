//! Visiting the simple commands and redirects of a tree, in source order.

use super::ast::*;

/// Where a simple command was found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Place {
    /// Inside a script another command runs: `sh -c '…'`, `su -c '…'`, a
    /// command substitution or a process substitution.
    pub nested: bool,
    /// Inside a heredoc body that a shell runs (`RUN <<EOF`, `bash <<EOF`).
    pub heredoc: bool,
}

/// Calls `f` for every simple command of `list`, in source order, and for
/// the commands of the scripts inside it (substitutions, `sh -c` strings,
/// heredoc scripts). Data heredocs are not scripts and are not visited.
pub fn commands<'a>(list: &'a List, place: Place, f: &mut dyn FnMut(&'a SimpleCommand, Place)) {
    for command in list.items.iter().flat_map(Item::commands) {
        command_commands(command, place, f);
    }
}

fn command_commands<'a>(
    command: &'a Command,
    place: Place,
    f: &mut dyn FnMut(&'a SimpleCommand, Place),
) {
    match command {
        Command::Simple(simple) => {
            let inner = Place {
                nested: true,
                ..place
            };
            f(simple, place);
            for word in &simple.words {
                word_commands(word, inner, f);
            }
            if let Some(nested) = simple.nested() {
                commands(&nested.body, inner, f);
            }
            redirect_commands(simple.redirects(), place, f);
        }
        Command::Compound(compound, redirects) => {
            match compound.as_ref() {
                Compound::Brace(list) | Compound::Subshell(list) => commands(list, place, f),
                Compound::If {
                    branches,
                    otherwise,
                } => {
                    for (condition, body) in branches {
                        commands(condition, place, f);
                        commands(body, place, f);
                    }
                    if let Some(list) = otherwise {
                        commands(list, place, f);
                    }
                }
                Compound::For { words, body, .. } => {
                    for word in words.iter().flatten() {
                        word_commands(word, place, f);
                    }
                    commands(body, place, f);
                }
                Compound::While {
                    condition, body, ..
                } => {
                    commands(condition, place, f);
                    commands(body, place, f);
                }
                Compound::Case { word, arms } => {
                    word_commands(word, place, f);
                    for (_, body) in arms {
                        commands(body, place, f);
                    }
                }
                Compound::Arithmetic(_) => {}
                Compound::Test(words) => {
                    for word in words {
                        word_commands(word, place, f);
                    }
                }
            }
            redirect_commands(redirects, place, f);
        }
        Command::Function(function) => command_commands(&function.body, place, f),
    }
}

fn word_commands<'a>(word: &'a Word, place: Place, f: &mut dyn FnMut(&'a SimpleCommand, Place)) {
    for list in word.substitutions() {
        let inner = Place {
            nested: true,
            ..place
        };
        commands(list, inner, f);
    }
}

fn redirect_commands<'a>(
    redirects: &'a [Redirect],
    place: Place,
    f: &mut dyn FnMut(&'a SimpleCommand, Place),
) {
    for redirect in redirects {
        word_commands(&redirect.target, place, f);
        if let Some(script) = redirect.heredoc.as_ref().and_then(|h| h.script.as_ref()) {
            let inner = Place {
                nested: true,
                heredoc: true,
            };
            commands(&script.body, inner, f);
        }
    }
}

/// Calls `f` for every simple command of `list` that the parser built
/// (not those of nested scripts attached later), mutably.
pub fn simple_commands_mut(list: &mut List, f: &mut dyn FnMut(&mut SimpleCommand)) {
    for command in list.items.iter_mut().flat_map(Item::commands_mut) {
        command_mut(command, f);
    }
}

fn command_mut(command: &mut Command, f: &mut dyn FnMut(&mut SimpleCommand)) {
    match command {
        Command::Simple(simple) => {
            for word in &mut simple.words {
                word_mut(word, f);
            }
            for redirect in simple.redirects_mut() {
                word_mut(&mut redirect.target, f);
            }
            f(simple);
        }
        Command::Compound(compound, redirects) => {
            for redirect in redirects {
                word_mut(&mut redirect.target, f);
            }
            match compound.as_mut() {
                Compound::Brace(list) | Compound::Subshell(list) => simple_commands_mut(list, f),
                Compound::If {
                    branches,
                    otherwise,
                } => {
                    for (condition, body) in branches {
                        simple_commands_mut(condition, f);
                        simple_commands_mut(body, f);
                    }
                    if let Some(list) = otherwise {
                        simple_commands_mut(list, f);
                    }
                }
                Compound::For { words, body, .. } => {
                    for word in words.iter_mut().flatten() {
                        word_mut(word, f);
                    }
                    simple_commands_mut(body, f);
                }
                Compound::While {
                    condition, body, ..
                } => {
                    simple_commands_mut(condition, f);
                    simple_commands_mut(body, f);
                }
                Compound::Case { word, arms } => {
                    word_mut(word, f);
                    for (_, body) in arms {
                        simple_commands_mut(body, f);
                    }
                }
                Compound::Arithmetic(_) | Compound::Test(_) => {}
            }
        }
        Command::Function(function) => command_mut(&mut function.body, f),
    }
}

fn word_mut(word: &mut Word, f: &mut dyn FnMut(&mut SimpleCommand)) {
    for list in word.substitutions_mut() {
        simple_commands_mut(list, f);
    }
}

/// Calls `f` for every redirect the parser built, mutably.
pub fn redirects_mut(list: &mut List, f: &mut dyn FnMut(&mut Redirect)) {
    for command in list.items.iter_mut().flat_map(Item::commands_mut) {
        redirects_of_command(command, f);
    }
}

fn redirects_of_command(command: &mut Command, f: &mut dyn FnMut(&mut Redirect)) {
    let mut lists: Vec<&mut List> = Vec::new();
    match command {
        Command::Simple(simple) => {
            for word in &mut simple.words {
                redirects_of_word(word, f);
            }
            for redirect in simple.redirects_mut() {
                f(redirect);
            }
        }
        Command::Compound(compound, redirects) => {
            match compound.as_mut() {
                Compound::Brace(list) | Compound::Subshell(list) => lists.push(list),
                Compound::If {
                    branches,
                    otherwise,
                } => {
                    for (condition, body) in branches {
                        lists.push(condition);
                        lists.push(body);
                    }
                    lists.extend(otherwise.as_mut());
                }
                Compound::For { body, .. } => lists.push(body),
                Compound::While {
                    condition, body, ..
                } => {
                    lists.push(condition);
                    lists.push(body);
                }
                Compound::Case { arms, .. } => lists.extend(arms.iter_mut().map(|(_, b)| b)),
                Compound::Arithmetic(_) | Compound::Test(_) => {}
            }
            for list in lists {
                redirects_mut(list, f);
            }
            for redirect in redirects {
                f(redirect);
            }
        }
        Command::Function(function) => redirects_of_command(&mut function.body, f),
    }
}

fn redirects_of_word(word: &mut Word, f: &mut dyn FnMut(&mut Redirect)) {
    for list in word.substitutions_mut() {
        redirects_mut(list, f);
    }
}

/// The command that runs right after `target` succeeds, when `target` is a
/// pipeline of its own at the start of an and-or chain and the two are
/// joined by `&&`, `;` or a newline: deleting from `target` to the next
/// command then removes `target` and nothing else.
pub fn next_command<'a>(list: &'a List, target: &SimpleCommand) -> Option<&'a SimpleCommand> {
    let is_target = |p: &Pipeline| {
        !p.bang && matches!(p.commands, [Command::Simple(s)] if std::ptr::eq(s, target))
    };
    let first_simple = |p: Pipeline<'a>| match p.commands.first() {
        Some(Command::Simple(s)) => Some(s),
        _ => None,
    };
    for (i, item) in list.items.iter().enumerate() {
        let mut pipelines = item.pipelines();
        if pipelines.next().is_some_and(|first| is_target(&first)) {
            return match pipelines.next() {
                Some(next) if next.connector == Some(Connector::And) => first_simple(next),
                Some(_) => None,
                None if !item.background() => list
                    .items
                    .get(i + 1)
                    .and_then(|next| next.pipelines().next())
                    .and_then(first_simple),
                None => None,
            };
        }
        for command in item.commands() {
            if let Some(found) = next_in_command(command, target) {
                return Some(found);
            }
        }
    }
    None
}

fn next_in_command<'a>(command: &'a Command, target: &SimpleCommand) -> Option<&'a SimpleCommand> {
    let lists: Vec<&'a List> = match command {
        Command::Simple(simple) => {
            return simple
                .nested()
                .and_then(|n| next_command(&n.body, target))
                .or_else(|| {
                    simple.redirects().iter().find_map(|r| {
                        let script = r.heredoc.as_ref()?.script.as_ref()?;
                        next_command(&script.body, target)
                    })
                });
        }
        Command::Function(function) => return next_in_command(&function.body, target),
        Command::Compound(compound, _) => match compound.as_ref() {
            Compound::Brace(list) | Compound::Subshell(list) => vec![list],
            Compound::If {
                branches,
                otherwise,
            } => branches
                .iter()
                .flat_map(|(c, b)| [c, b])
                .chain(otherwise.as_ref())
                .collect(),
            Compound::For { body, .. } => vec![body],
            Compound::While {
                condition, body, ..
            } => vec![condition, body],
            Compound::Case { arms, .. } => arms.iter().map(|(_, b)| b).collect(),
            Compound::Arithmetic(_) | Compound::Test(_) => Vec::new(),
        },
    };
    lists.into_iter().find_map(|l| next_command(l, target))
}
