use super::Context;

declare_lint! {
    /// Flags a distroless final image that nothing is copied into from
    /// another stage, when its code needs dependencies installed.
    ///
    /// ## Why is this bad?
    /// Distroless images (`gcr.io/distroless/*`, Chainguard images without
    /// `-dev`, UBI micro) have no shell and no package manager: `RUN pip
    /// install` or `RUN npm ci` cannot work in them. Dependencies and
    /// compiled binaries have to be produced in a builder stage and copied in
    /// with `COPY --from=<stage>`. A distroless final stage with only
    /// `COPY . /app` ships your sources without their dependencies, and the
    /// container fails at start. Copying from another image
    /// (`COPY --from=image:tag`) counts as a builder.
    ///
    /// Only reported with a sign that dependencies are needed: a `RUN` (an
    /// install attempted), a dependency manifest copied in
    /// (`requirements.txt`, `package.json`, `pom.xml`…), or one in a
    /// directory copied from the build context (`COPY . /app`, when the
    /// context can be read). A prebuilt binary or jar (`COPY bin/app`,
    /// `COPY target/*.jar`) or code that uses only the standard library
    /// runs as copied.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian13
    /// COPY requirements.txt /app/
    /// COPY . /app
    /// CMD ["/app/main.py"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.13-slim-trixie AS build
    /// COPY requirements.txt .
    /// RUN pip install --target=/deps -r requirements.txt
    ///
    /// FROM gcr.io/distroless/python3-debian13
    /// COPY --from=build /deps /deps
    /// COPY . /app
    /// ENV PYTHONPATH=/deps
    /// CMD ["/app/main.py"]
    /// ```
    ///
    /// ## Fix
    /// No automatic fix: the builder stage depends on your build.
    pub static DISTROLESS_WITHOUT_BUILDER = {
        id: "distroless-without-builder",
        severity: Warning,
        fix: None,
        group: Correctness,
        tags: ["correctness"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = model.final_stage() else {
        return;
    };
    let Some((root, image)) = model.root_image(last) else {
        return;
    };
    let Some(family) = image
        .describe()
        .minimal
        .as_ref()
        .filter(|m| m.package_manager.is_none() && m.shell != Some(true))
    else {
        return;
    };
    // Every stage from the final one back to the image contributes files.
    let mut chain = vec![last];
    while let Some(crate::model::Base::Stage(parent)) = chain.last().map(|s| &s.base) {
        chain.push(&model.stages[*parent]);
    }
    if chain.iter().any(|stage| !stage.copies_from.is_empty()) {
        return;
    }
    // A prebuilt binary or jar, or code with only the standard library,
    // runs as copied: only code that needs installed dependencies fails.
    if !chain.iter().any(|stage| needs_dependencies(model, stage)) {
        return;
    }
    let diagnostic = cx.report(
        image.span,
        format!(
            "`{}` is {} (no shell, no package manager) but nothing is copied into it from a builder stage",
            image.text,
            if family.family == "UBI" { "UBI micro" } else { family.family }
        ),
    );
    diagnostic.label("final image base").help(format!(
        "install dependencies in {} and `COPY --from=<stage>` the result into this one",
        family.builder
    ));
    if root.index != last.index {
        diagnostic.secondary(last.base_span, "the final stage builds on it");
    }
}

/// Whether a stage shows that its code needs dependencies installed: a
/// `RUN` (an install attempted, which cannot run here), a dependency
/// manifest copied in (`requirements.txt`, `package.json`…), or one in a
/// directory copied from the build context (`COPY . /app`).
fn needs_dependencies(model: &crate::model::Model, stage: &crate::model::Stage) -> bool {
    use crate::build::context::MANIFESTS;
    use crate::syntax::Keyword;
    stage.body.iter().any(|&index| {
        let instruction = model.instruction(index).effective();
        match instruction.kind {
            Keyword::Run => true,
            Keyword::Copy | Keyword::Add if instruction.flag("from").is_none() => {
                let (sources, _) = crate::model::copy_paths(instruction);
                sources.iter().any(|source| {
                    let base = crate::pip::basename(source.trim_end_matches('/'));
                    let manifest = MANIFESTS.contains(&base)
                        || (base.starts_with("requirements") && base.ends_with(".txt"))
                        || matches!(
                            base,
                            "package-lock.json" | "yarn.lock" | "pnpm-lock.yaml" | "Gemfile.lock"
                        );
                    let directory = source == "." || source.ends_with('/');
                    manifest
                        || (directory
                            && MANIFESTS.iter().any(|m| {
                                model
                                    .context()
                                    .contains(&crate::model::normalize(&format!("{source}/{m}")))
                            }))
                })
            }
            _ => false,
        }
    })
}
