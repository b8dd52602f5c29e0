use super::Context;

declare_lint! {
    /// Flags commands that do nothing useful while an image is built:
    /// `shutdown`, `ps`, `free`, `top`, `ifconfig`, `mount`, an interactive
    /// `vim` or `ssh` session, and `service … start` or `kill` as the last
    /// command of a `RUN`.
    ///
    /// ## Why is this bad?
    /// A build step has no terminal, no running services and no init: the
    /// output of `ps` or `free` describes the build machine and is thrown
    /// away, `mount` and `shutdown` need privileges a build does not have,
    /// an editor or a login waits for input that never comes, and a
    /// service started at the end of a `RUN` stops with it. Starting a
    /// service to configure something in the same `RUN` (`service
    /// postgresql start && psql …`) is fine and not reported, nor are
    /// scripted editors (`vim -es`, `vim +PlugInstall +qall`) and remote
    /// commands (`ssh host cmd`); hadolint's `DL3001` reports them all.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends nginx \
    ///  && rm -rf /var/lib/apt/lists/* && service nginx start
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends nginx \
    ///  && rm -rf /var/lib/apt/lists/*
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Fix
    /// None: what the command was meant to do belongs elsewhere (`CMD`, the
    /// host, a `HEALTHCHECK`).
    pub static POINTLESS_COMMAND = {
        id: "pointless-command",
        severity: Info,
        fix: None,
        group: Style,
        hadolint: "DL3001",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for &index in &stage.body {
            let count = cx.runs.commands(index).len();
            let last = cx
                .runs
                .commands(index)
                .last()
                .map(|c| c.command as *const _);
            for run in cx.runs.commands(index) {
                let Some(name) = run.name() else {
                    continue;
                };
                let args = run.args();
                let is_last = last == Some(run.command as *const _);
                let why = match name {
                    "shutdown" | "reboot" | "halt" | "poweroff" => {
                        "a build cannot shut a machine down"
                    }
                    "ps" | "free" | "top" | "ifconfig" => {
                        "its output describes the build machine and is thrown away"
                    }
                    "mount" if !args.is_empty() => "a build step has no privilege to mount",
                    "vim" | "vi" | "nano" | "emacs"
                        if args.iter().all(|a| !a.text.starts_with(['-', '+'])) =>
                    {
                        "an editor waits for input a build cannot give"
                    }
                    "ssh" if args.iter().filter(|a| !a.text.starts_with('-')).count() == 1 => {
                        "a login session waits for input a build cannot give"
                    }
                    "service"
                        if is_last
                            && args
                                .iter()
                                .any(|a| a.text == "start" || a.text == "restart") =>
                    {
                        "a service started as the last step of a RUN stops with it"
                    }
                    "kill" | "killall" | "pkill" if is_last && count == 1 => {
                        "no process of an earlier step is still running"
                    }
                    _ => continue,
                };
                cx.report(
                    run.program()[0].span(),
                    format!("`{name}` has no use in a build: {why}"),
                )
                .label("pointless in a build");
            }
        }
    }
}
