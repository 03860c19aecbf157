//! Links the `hirelint` executable at a fixed address on Linux (`-no-pie`).
//!
//! A position-independent executable is relocated by the dynamic loader at every start: for
//! this one about 31,000 pointers in its read-only tables (string slices of the built-in rule
//! tables, format pieces, panic locations), written into copy-on-write pages before `main`.
//! That was a quarter of `hirelint --version` and 0.3 ms of an editor's save; linked at a fixed
//! address there is nothing to relocate. Shared libraries are still loaded at random
//! addresses. Set `HIRELINT_PIE=1` when building to keep the default (a distribution that
//! requires PIE everywhere).

fn main() {
    println!("cargo:rerun-if-env-changed=HIRELINT_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let keep_pie = std::env::var_os("HIRELINT_PIE").is_some_and(|v| !v.is_empty() && v != "0");
    if linux && !keep_pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
