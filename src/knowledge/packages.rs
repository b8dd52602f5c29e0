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
}
