// Pages, plans and facts are many small values made and dropped in parallel; mimalloc
// halves the portal's render time against the system allocator (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    talentloop::cli::main()
}
