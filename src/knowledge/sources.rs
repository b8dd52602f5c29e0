//! Where each fact comes from. Keys are cited by the tables in this module;
//! a unit test checks that every cited key is listed here.

/// The date the facts below were last checked, as a literal for `concat!`
/// (the `--version` text).
#[macro_export]
macro_rules! knowledge_checked {
    () => {
        "2026-11-23"
    };
}

/// The date the facts below were last checked.
pub const CHECKED: &str = knowledge_checked!();

pub struct Source {
    pub key: &'static str,
    pub reference: &'static str,
}

macro_rules! sources {
    ($($key:literal => $reference:literal,)*) => {
        pub const SOURCES: &[Source] = &[$(Source { key: $key, reference: $reference },)*];
    };
}

sources! {
    "RI-py-full" => "docker-library/repo-info repos/python/remote/3.14-trixie.md",
    "RI-py-slim" => "docker-library/repo-info repos/python/remote/3.14-slim-trixie.md",
    "RI-py-alpine" => "docker-library/repo-info repos/python/remote/3.14-alpine3.24.md",
    "RI-node-full" => "docker-library/repo-info repos/node/remote/24-bookworm.md",
    "RI-node-slim" => "docker-library/repo-info repos/node/remote/24-bookworm-slim.md",
    "RI-node-alpine" => "docker-library/repo-info repos/node/remote/24-alpine3.24.md",
    "RI-go-full" => "docker-library/repo-info repos/golang/remote/1.26-trixie.md",
    "RI-go-alpine" => "docker-library/repo-info repos/golang/remote/1.26-alpine3.24.md",
    "RI-rust-slim" => "docker-library/repo-info repos/rust/remote/1-slim-trixie.md",
    "OI-library" => "docker-library/official-images library/<image> @ 2026-08-21 (tags, variants, default suites)",
    "DOCS-variants" => "docker-library/docs .template-helpers/variant*.md",
    "DOCS-golang-alpine" => "docker-library/docs golang/variant-alpine.md",
    "DOCS-openjdk-depr" => "docker-library/docs openjdk/deprecated.md",
    "DOCS-java-depr" => "docker-library/docs java/deprecated.md (no updates after 2016-12-31)",
    "DOCS-centos-depr" => "docker-library/docs centos/deprecated.md (all tags EOL, June 30, 2024)",
    "DOCS-alpine" => "docker-library/docs alpine/content.md",
    "DOCS-py-slim" => "docker-library/docs python/variant-slim.md",
    "DLP-dockerfile" => "docker-library/python 3.14/*/Dockerfile @ 2026-06-23",
    "DLP-112" => "https://github.com/docker-library/python/issues/112",
    "PHP-FROM" => "docker-library/php Dockerfiles (Debian variants FROM debian:<suite>-slim)",
    "BPD-FROM" => "docker-library/buildpack-deps debian/trixie/{curl/,scm/,}Dockerfile",
    "TEMURIN-DF" => "adoptium/containers Dockerfiles @ 2026-08-05",
    "DOCKER-NODE-README" => "nodejs/docker-node README.md @ 2026-08-19",
    "EOL-python" => "endoflife-date/endoflife.date products/python.md @ 2026-08-22",
    "EOL-node" => "endoflife-date/endoflife.date products/nodejs.md @ 2026-08-22",
    "EOL-go" => "endoflife-date/endoflife.date products/go.md @ 2026-08-22",
    "EOL-ruby" => "endoflife-date/endoflife.date products/ruby.md @ 2026-08-22",
    "EOL-php" => "endoflife-date/endoflife.date products/php.md @ 2026-08-22",
    "EOL-perl" => "endoflife-date/endoflife.date products/perl.md @ 2026-08-22",
    "EOL-debian" => "endoflife-date/endoflife.date products/debian.md @ 2026-08-22",
    "EOL-ubuntu" => "endoflife-date/endoflife.date products/ubuntu.md @ 2026-08-22",
    "EOL-alpine" => "endoflife-date/endoflife.date products/alpine-linux.md @ 2026-08-22",
    "EOL-temurin" => "endoflife-date/endoflife.date products/eclipse-temurin.md @ 2026-08-22",
    "EOL-corretto" => "endoflife-date/endoflife.date products/amazon-corretto.md @ 2026-08-22",
    "DL-README" => "GoogleContainerTools/distroless README.md @ 2026-08-21",
    "DL-SUPPORT" => "GoogleContainerTools/distroless SUPPORT_POLICY.md @ 2026-08-21",
    "DL-git-log" => "GoogleContainerTools/distroless commits b80e2842 (2026-02-27), 22b97d10 (2026-05-11)",
    "DL-base" => "GoogleContainerTools/distroless base/README.md",
    "DL-cc" => "GoogleContainerTools/distroless cc/README.md",
    "DL-py" => "GoogleContainerTools/distroless python3/README.md",
    "DL-java" => "GoogleContainerTools/distroless java/README.md",
    "DL-node" => "GoogleContainerTools/distroless nodejs/README.md",
    "DL-vars" => "GoogleContainerTools/distroless common/variables.bzl (NONROOT = 65532)",
    "CG-TIPS" => "https://edu.chainguard.dev/chainguard/containers/migration/migration-tips/",
    "CG-PORT" => "https://edu.chainguard.dev/chainguard/containers/migration/porting-apps-to-chainguard/",
    "CG-GLIBC" => "https://images.chainguard.dev/directory/image/glibc-dynamic/overview",
    "CG-COMPILED" => "https://edu.chainguard.dev/chainguard/chainguard-images/about/images-compiled-programs/compiled-programs (wolfi-base: busybox, apk-tools, glibc)",
    "ZARF-DF" => "defenseunicorns/zarf Dockerfile (chainguard/static runs as 65532)",
    "UBI-DOCS" => "Red Hat RHEL 'Building, running, and managing containers', ch. 2 (UBI standard/minimal/micro)",
    "ALPAQUITA-DOCS" => "https://docs.bell-sw.com/alpaquita-linux/latest/containers/build-applications-with-buildpacks/",
    "PYPI" => "https://pypi.org/simple/<name>/ (PEP 691 JSON), wheel tags checked 2026-11-23",
    "PSYCOPG2-DOCS" => "psycopg2 2.9.13 doc/src/install.rst",
    "MYSQLCLIENT-README" => "mysqlclient 2.3.1 README.md",
    "NPM" => "npm registry (npm view / npm pack --dry-run), checked 2026-11-23",
    "CANVAS-README-323" => "Automattic/node-canvas Readme.md @ v3.2.3 (prebuilds: Linux glibc only)",
    "CANVAS-README-master" => "Automattic/node-canvas README.md @ 2026-08-19 (4.0.0-rc: glibc or musl)",
    "SHARP-3750" => "https://github.com/lovell/sharp/issues/3750",
    "SASS-BLOG" => "https://sass-lang.com/blog/libsass-is-deprecated",
    "GRPC-NODE" => "https://github.com/grpc/grpc-node (README)",
    "GLIDERLABS-219" => "https://github.com/gliderlabs/docker-alpine/issues/219",
    "GLIDERLABS-USAGE" => "https://github.com/gliderlabs/docker-alpine/blob/master/docs/usage.md#disabling-cache",
    "HADOLINT" => "https://github.com/hadolint/hadolint#rules",
    "RUST-REF" => "https://doc.rust-lang.org/reference/linkage.html#static-and-dynamic-c-runtimes",
    "GO-1.20" => "https://go.dev/doc/go1.20 (cgo disabled by default without a C toolchain)",
    "GO-TZDATA" => "https://pkg.go.dev/time/tzdata",
    "SPIRE-3702" => "https://github.com/spiffe/spire/issues/3702",
    "MOBY-28385" => "https://github.com/moby/moby/issues/28385",
    "DOCKERFILE-REF" => "https://docs.docker.com/reference/dockerfile/",
    "APORTS" => "alpinelinux/aports build-base and -dev packages",
}

/// The reference text for a source key.
pub fn source(key: &str) -> Option<&'static str> {
    SOURCES.iter().find(|s| s.key == key).map(|s| s.reference)
}
