//! The `stsplay` command. All logic lives in the library's `cli` module.

/// mimalloc instead of the system allocator: a check allocates many small, short-lived values,
/// and with glibc's malloc that was a third of its time (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    stsplay::cli::main()
}
