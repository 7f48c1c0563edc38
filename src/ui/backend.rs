//! Which Slint backend draws the panel: a window in an X11 or Wayland session (`winit`, the
//! desktop build), or straight to the display through DRM/KMS or the framebuffer with touch
//! through libinput (`linuxkms`, the device build). `$SLINT_BACKEND` wins, then
//! `[display] backend`; "auto" draws straight to the display when no session is there. The
//! linuxkms backend is always fullscreen.

use crate::config::BackendSetting;

use super::AppWindow;

/// The backends compiled into this binary.
pub const COMPILED: &[&str] = &[
    #[cfg(feature = "desktop")]
    "winit",
    #[cfg(feature = "device")]
    "linuxkms",
];

/// The backend to ask Slint for (a `SLINT_BACKEND` value such as "winit" or
/// "linuxkms-software"). `env` is `$SLINT_BACKEND`; `session` whether `$DISPLAY` or
/// `$WAYLAND_DISPLAY` is set.
pub fn choose(
    env: Option<&str>,
    setting: BackendSetting,
    session: bool,
    compiled: &[&str],
) -> String {
    if let Some(name) = env.map(str::trim).filter(|n| !n.is_empty()) {
        return name.to_lowercase();
    }
    let has = |name: &str| compiled.contains(&name);
    match setting {
        BackendSetting::Winit => "winit".to_owned(),
        BackendSetting::Linuxkms => "linuxkms".to_owned(),
        BackendSetting::Auto if has("linuxkms") && (!session || !has("winit")) => {
            "linuxkms".to_owned()
        }
        BackendSetting::Auto => compiled.first().copied().unwrap_or("winit").to_owned(),
    }
}

static CHOSEN: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Whether this process draws straight to the display (always fullscreen, no window to size).
pub fn straight_to_display() -> bool {
    CHOSEN.get().is_some_and(|name| is_linuxkms(name))
}

/// Whether the backend named draws straight to the display.
pub fn is_linuxkms(name: &str) -> bool {
    name.starts_with("linuxkms")
}

/// Chooses the backend for this process and opens the panel's window on it. Errors say what
/// to check in one line.
pub fn open_window(setting: BackendSetting) -> anyhow::Result<AppWindow> {
    let env = std::env::var("SLINT_BACKEND").ok();
    let session =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let name = choose(env.as_deref(), setting, session, COMPILED);
    tracing::info!(backend = %name, "opening the display");
    let _ = CHOSEN.set(name.clone());
    let selector = slint::BackendSelector::new().backend_name(name.clone());
    #[cfg(feature = "device")]
    let selector = selector.with_libinput_event_hook(super::kiosk::libinput_hook);
    selector
        .select()
        .and_then(|()| AppWindow::new())
        .inspect(super::adapter::attach)
        .map_err(|err| anyhow::anyhow!(explain(&name, &err.to_string(), &DevicePaths::here())))
}

/// Which display devices this machine has, for the error message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DevicePaths {
    pub dri: bool,
    pub fb0: bool,
}

impl DevicePaths {
    fn here() -> DevicePaths {
        let dri = std::fs::read_dir("/dev/dri")
            .map(|d| {
                d.filter_map(Result::ok)
                    .any(|e| e.file_name().to_string_lossy().starts_with("card"))
            })
            .unwrap_or(false);
        DevicePaths {
            dri,
            fb0: std::path::Path::new("/dev/fb0").exists(),
        }
    }
}

/// One line for a backend that would not start: what went wrong and what to check.
pub fn explain(backend: &str, error: &str, devices: &DevicePaths) -> String {
    // Slint lists every device it tried (/dev/fb0 to /dev/fb9); the gist is enough here.
    let mut detail = error
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("Error using /dev/fb") && !l.starts_with("No renderers")
        })
        .collect::<Vec<_>>()
        .join("; ");
    if detail.chars().count() > 300 {
        detail = detail.chars().take(300).collect::<String>() + "…";
    }
    if is_linuxkms(backend) {
        if !devices.dri && !devices.fb0 {
            // Nothing to draw on: Slint's words (an EGL or DRM failure) would send people after a
            // GPU problem they do not have.
            return "no display found: this machine has neither /dev/dri/card* nor /dev/fb0; check that the display is connected and switched on and its driver loaded (ls /dev/dri /dev/fb0), or on a desktop with X11 or Wayland use SLINT_BACKEND=winit".to_owned();
        }
        let found = "/dev/dri/card* or /dev/fb0 is there but could not be used";
        format!(
            "no display found ({found}): check that the display is connected and switched on, that the user Roomsign runs as is in the groups video and render (and input for touch), and that no other program holds the display; on a desktop with X11 or Wayland use SLINT_BACKEND=winit [{backend}: {detail}]"
        )
    } else if backend.starts_with("winit") {
        format!(
            "cannot open a window (no X11 or Wayland session reachable?): run Roomsign inside a desktop session, or straight on the display with SLINT_BACKEND=linuxkms [{backend}: {detail}]"
        )
    } else {
        format!(
            "cannot start the display backend \"{backend}\": use SLINT_BACKEND=winit in a desktop session, or linuxkms on a kiosk (built in: {}) [{detail}]",
            COMPILED.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: &[&str] = &["winit", "linuxkms"];

    #[test]
    fn the_environment_wins_then_the_setting() {
        assert_eq!(
            choose(Some("linuxkms-software"), BackendSetting::Winit, true, BOTH),
            "linuxkms-software"
        );
        assert_eq!(
            choose(Some(" "), BackendSetting::Winit, false, BOTH),
            "winit"
        );
        assert_eq!(
            choose(None, BackendSetting::Linuxkms, true, BOTH),
            "linuxkms"
        );
    }

    #[test]
    fn auto_draws_straight_to_the_display_without_a_session() {
        assert_eq!(choose(None, BackendSetting::Auto, false, BOTH), "linuxkms");
        assert_eq!(choose(None, BackendSetting::Auto, true, BOTH), "winit");
        assert_eq!(
            choose(None, BackendSetting::Auto, true, &["linuxkms"]),
            "linuxkms"
        );
        assert_eq!(
            choose(None, BackendSetting::Auto, false, &["winit"]),
            "winit"
        );
    }

    #[test]
    fn no_display_says_what_to_check_in_one_line() {
        let slint = "Could not initialize software display.\nError using DRM dumb buffers: no card\nError using legacy framebuffer: no fb";
        for error in [slint, "could not create an egl display"] {
            let line = explain("linuxkms-software", error, &DevicePaths::default());
            assert!(!line.contains('\n'), "{line}");
            assert!(line.starts_with("no display found"), "{line}");
            for needle in ["/dev/dri", "/dev/fb0", "connected", "SLINT_BACKEND=winit"] {
                assert!(line.contains(needle), "{needle} in {line}");
            }
            // Slint's words about EGL or DRM buffers are no help for a display that is not there.
            for word in ["egl", "Could not initialize", "DRM dumb"] {
                assert!(!line.contains(word), "{word} in {line}");
            }
        }
        let present = explain(
            "linuxkms",
            slint,
            &DevicePaths {
                dri: true,
                fb0: false,
            },
        );
        assert!(present.contains("could not be used"), "{present}");
        // A display that is there but refused keeps Slint's detail, and the groups to check.
        for needle in ["video", "render", "Could not initialize software display"] {
            assert!(present.contains(needle), "{needle} in {present}");
        }
    }
}
