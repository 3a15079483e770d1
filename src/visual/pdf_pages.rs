//! Rasterizing the pages of any PDF with hayro, a pure-Rust PDF renderer.

use anyhow::{Result, anyhow};
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{RenderCache, RenderSettings};
use image::RgbImage;

use crate::diag::Text;
use crate::export::png::over_white_rgb;

/// Rasterizes every page of the PDF in `bytes` at `ppi` pixels per inch, onto white.
///
/// Fonts a PDF uses without embedding them are replaced by the standard fonts hayro carries.
pub(crate) fn rasterize_pdf(bytes: Vec<u8>, ppi: u32) -> Result<Vec<RgbImage>> {
    let pdf = Pdf::new(bytes)
        .map_err(|err| anyhow!(Text::new("pdf-unreadable").arg("detail", format!("{err:?}"))))?;
    let scale = ppi as f32 / 72.0;
    let settings =
        RenderSettings { x_scale: scale, y_scale: scale, bg_color: WHITE, ..Default::default() };
    let interpreter = InterpreterSettings::default();
    let cache = RenderCache::new();
    pdf.pages()
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let (width, height) = page.render_dimensions();
            if width * scale > f32::from(u16::MAX) || height * scale > f32::from(u16::MAX) {
                return Err(anyhow!(
                    Text::new("page-too-large").arg("page", i + 1).arg("ppi", ppi)
                ));
            }
            let pixmap = hayro::render(page, &cache, &interpreter, &settings);
            let (width, height) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
            // Premultiplied over white; the white background leaves every pixel opaque anyway.
            let rgb = over_white_rgb(pixmap.data_as_u8_slice());
            Ok(RgbImage::from_raw(width, height, rgb).expect("three bytes per pixel"))
        })
        .collect()
}
