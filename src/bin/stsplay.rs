//! The `stsplay` command. All logic lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    stsplay::cli::main()
}
