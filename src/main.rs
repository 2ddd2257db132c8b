//! The `aibom` binary: a thin wrapper over [`aibom::cli`].

fn main() -> std::process::ExitCode {
    aibom::cli::main()
}
