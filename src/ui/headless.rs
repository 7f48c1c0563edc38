//! Renders the panel off screen with Slint's software renderer: no display server, no GPU.
//! Used by `roomsign screenshot`, the screenshot tests and the render benchmark.

use std::path::Path;
use std::rc::Rc;

use slint::platform::software_renderer::{MinimalSoftwareWindow, RepaintBufferType};
use slint::platform::{Platform, PlatformError, WindowAdapter};
use slint::{ComponentHandle, PhysicalSize, Rgb8Pixel, SharedPixelBuffer};

use super::{adapter, AppWindow};

struct OffScreen {
    window: Rc<MinimalSoftwareWindow>,
}

impl Platform for OffScreen {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, PlatformError> {
        Ok(self.window.clone())
    }
}

/// The panel's window, rendered into memory.
pub struct Headless {
    window: Rc<MinimalSoftwareWindow>,
    app: AppWindow,
}

impl Headless {
    /// Sets up the off-screen platform. Slint allows one platform per process, so this can be
    /// called once; resize the result to render other sizes.
    pub fn new(width: u32, height: u32) -> Result<Headless, PlatformError> {
        let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
        window.set_size(PhysicalSize::new(width, height));
        slint::platform::set_platform(Box::new(OffScreen {
            window: window.clone(),
        }))
        .map_err(|e| PlatformError::Other(format!("cannot set up off-screen rendering: {e}")))?;
        let app = AppWindow::new()?;
        adapter::attach(&app);
        adapter::set_screen_size(&app, width, height);
        app.show()?;
        Ok(Headless { window, app })
    }

    pub fn app(&self) -> &AppWindow {
        &self.app
    }

    pub fn size(&self) -> (u32, u32) {
        let size = self.window.size();
        (size.width, size.height)
    }

    /// Changes the size of the rendered screen.
    pub fn resize(&self, width: u32, height: u32) {
        self.window.set_size(PhysicalSize::new(width, height));
        adapter::set_screen_size(&self.app, width, height);
    }

    /// Renders one whole frame.
    pub fn render(&self) -> SharedPixelBuffer<Rgb8Pixel> {
        let (width, height) = self.size();
        let mut buffer = SharedPixelBuffer::<Rgb8Pixel>::new(width, height);
        slint::platform::update_timers_and_animations();
        self.window.request_redraw();
        self.window.draw_if_needed(|renderer| {
            renderer.render(buffer.make_mut_slice(), width as usize);
        });
        buffer
    }
}

/// Writes an RGB buffer as a PNG file.
pub fn write_png(buffer: &SharedPixelBuffer<Rgb8Pixel>, path: &Path) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let mut encoder = png::Encoder::new(
        std::io::BufWriter::new(file),
        buffer.width(),
        buffer.height(),
    );
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
    writer
        .write_image_data(buffer.as_bytes())
        .map_err(std::io::Error::other)?;
    writer.finish().map_err(std::io::Error::other)
}
