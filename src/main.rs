//! The `attrition` binary: see `attrition --help`.
fn main() -> std::process::ExitCode {
    attrition::cli::main()
}
