fn main() -> std::process::ExitCode {
    roomsign::app::cli::main()
}
