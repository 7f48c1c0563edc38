fn main() -> std::process::ExitCode {
    roomsign::cli::main()
}
