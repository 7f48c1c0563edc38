fn main() {
    // A clock earlier than the build cannot be right (a panel without a real-time clock boots in
    // the past until the network sets the time). SOURCE_DATE_EPOCH makes builds reproducible.
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let built = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        });
    println!("cargo:rustc-env=ROOMSIGN_BUILD_TIME={built}");
    // Debug builds keep each element's type name and id, which the layout test reads back
    // through Slint's testing API; release builds leave them out.
    println!("cargo:rerun-if-env-changed=PROFILE");
    let debug_info = std::env::var("PROFILE").is_ok_and(|p| p == "debug");
    // Release executables on Linux are linked at a fixed address (not position-independent): the
    // loader then has no relocations to apply (1.3-1.5 MB of them, many for chrono-tz's tables)
    // and the read-only data stays clean pages of the file rather than private copies. Shared
    // libraries, heap and stack are still placed at random (BENCHMARKS.md, "Binary size").
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    if release && std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
        println!("cargo:rustc-link-arg-examples=-no-pie");
    }
    let config = slint_build::CompilerConfiguration::new().with_debug_info(debug_info);
    slint_build::compile_with_config("ui/app.slint", config).expect("ui/app.slint must compile");
}
