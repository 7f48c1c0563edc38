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
    slint_build::compile("ui/app.slint").expect("ui/app.slint must compile");
}
