fn main() -> std::process::ExitCode {
    talentloop::cli::main()
}
