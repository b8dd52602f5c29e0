//! Distribution packages with a meaning for image size and libc: build
//! toolchains (only needed to compile) and glibc shims on Alpine.

/// Compilers and build tools by exact package name (Debian, Alpine, RHEL).
/// `build-base` = gcc, g++, make, musl-dev [APORTS]; the full
/// `buildpack-deps` variant adds these over `-scm` [BPD-FROM].
const BUILD_TOOLS: &[&str] = &[
    "build-essential",
    "build-base",
    "gcc",
    "g++",
    "gcc-c++",
    "cpp",
    "clang",
    "llvm",
    "gfortran",
    "cmake",
    "autoconf",
    "automake",
    "libtool",
    "musl-dev",
    "libc6-dev",
    "libc-dev",
    "linux-headers",
    "cargo",
    "rustc",
    "rust",
    "golang",
    "golang-go",
    "go",
];

/// Whether a package only serves to compile: a known toolchain package, a
/// versioned compiler (`gcc-12`), or a header package (`-dev`, `-devel`).
pub fn is_build_tool(package: &str) -> bool {
    let name = package
        .split(['=', '>', '<', '~'])
        .next()
        .unwrap_or(package)
        .split(':')
        .next()
        .unwrap_or(package);
    BUILD_TOOLS.contains(&name)
        || name.ends_with("-dev")
        || name.ends_with("-devel")
        || ["gcc-", "g++-", "clang-"].iter().any(|p| {
            name.strip_prefix(p)
                .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit()) && !v.is_empty())
        })
}

/// glibc compatibility shims for Alpine: `gcompat` and `libc6-compat` give
/// partial compatibility only [DOCKER-NODE-README, GLIDERLABS-219]; the
/// third-party `glibc` apks (sgerrand/alpine-pkg-glibc) replace parts of
/// the libc outside Alpine's packaging.
pub fn glibc_shim(package: &str) -> Option<&'static str> {
    let name = package.rsplit('/').next().unwrap_or(package);
    if name == "gcompat" {
        Some("gcompat")
    } else if name == "libc6-compat" {
        Some("libc6-compat")
    } else if name == "glibc"
        || name == "glibc-bin"
        || (name.starts_with("glibc-") && name.ends_with(".apk"))
    {
        Some("the third-party glibc apk")
    } else {
        None
    }
}

/// Why a download is a glibc-only program, from its URL: a `-linux-gnu`
/// target triple in the file name (the Rust/LLVM name of glibc Linux; musl
/// builds say `-linux-musl`) [RUST-REF], or a Node.js Linux tarball from
/// nodejs.org, built against glibc (the `node:*-alpine` images install the
/// `-musl` builds from unofficial-builds.nodejs.org) [DOCKER-NODE-ALPINE].
/// `None` for anything else, and for every name that says `musl`.
pub fn glibc_only_download(url: &str) -> Option<&'static str> {
    let lower = url.to_ascii_lowercase();
    if !lower.contains("://") || lower.contains("musl") {
        return None;
    }
    let file = lower.rsplit('/').next()?;
    if file.contains("-linux-gnu") {
        return Some("built for a glibc (`-linux-gnu`) target");
    }
    let host = lower.split("://").nth(1)?.split('/').next()?;
    if (host == "nodejs.org" || host.ends_with(".nodejs.org"))
        && host != "unofficial-builds.nodejs.org"
        && file.starts_with("node-v")
        && file.contains("-linux-")
    {
        return Some("an official Node.js Linux build, linked against glibc");
    }
    None
}

/// Memory allocators Rust and C programs use instead of the C library's
/// `malloc` (crate and package names): musl's allocator is slow under
/// concurrent allocation, the reason musl builds register one.
const ALLOCATORS: &[&str] = &["mimalloc", "jemalloc", "snmalloc"];

/// Whether `text` (a word, an ENV value) names one of the allocators.
pub fn names_allocator(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ALLOCATORS.iter().any(|a| lower.contains(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_packages() {
        for yes in [
            "build-essential",
            "gcc-12",
            "libpq-dev",
            "python3-dev",
            "openssl-devel",
            "musl-dev",
        ] {
            assert!(is_build_tool(yes), "{yes}");
        }
        for no in ["libpq5", "ca-certificates", "gcc-libs", "curl", "libgcc"] {
            assert!(!is_build_tool(no), "{no}");
        }
        assert!(glibc_shim("glibc-2.35-r1.apk").is_some());
        assert!(glibc_shim("libc6-compat").is_some());
        assert!(glibc_shim("musl").is_none());
    }

    #[test]
    fn recognises_glibc_only_downloads() {
        let gnu = "https://github.com/o/t/releases/download/v1/t-x86_64-unknown-linux-gnu.tar.gz";
        assert!(glibc_only_download(gnu).is_some());
        assert!(glibc_only_download(&gnu.replace("gnu", "musl")).is_none());
        let node = "https://nodejs.org/dist/v24.11.0/node-v24.11.0-linux-x64.tar.xz";
        assert!(glibc_only_download(node).is_some());
        assert!(
            glibc_only_download("https://nodejs.org/dist/v24.11.0/node-v24.11.0.tar.xz").is_none()
        );
        assert!(
            glibc_only_download(
                "https://unofficial-builds.nodejs.org/download/release/v24.11.0/node-v24.11.0-linux-x64-glibc-217.tar.xz"
            )
            .is_none()
        );
        assert!(
            glibc_only_download("https://dl.k8s.io/release/v1.34.0/bin/linux/amd64/kubectl")
                .is_none()
        );
        assert!(glibc_only_download("t-x86_64-unknown-linux-gnu.tar.gz").is_none());
        assert!(names_allocator("--features=mimalloc"));
        assert!(names_allocator("/usr/lib/libjemalloc.so.2"));
        assert!(!names_allocator("--release"));
    }
}
