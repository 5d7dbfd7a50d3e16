//! The `attrition` binary: see `attrition --help`.

// mimalloc, not the system allocator: games allocate and free many short-lived buffers a day.
// Allocation never changes a game (nothing depends on addresses).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    attrition::cli::main()
}
