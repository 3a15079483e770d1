//! Typeset pages as images: rasterizing pages and encoding them as reproducible PNGs.

use std::borrow::Cow;

use anyhow::{Context, Result};
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder, RgbImage};
use typst_layout::{Page, PagedDocument};

/// The largest resolution accepted, in pixels per inch: an A4 page is then 14 033 pixels
/// high and takes over half a gigabyte while it is drawn.
pub const MAX_PPI: u32 = 1200;

/// How hard the PNG encoder works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Smallest files, for images kept in git.
    Small,
    /// Quick to write, for previews and reports.
    Fast,
}

/// Rasterizes one page at `ppi` pixels per inch, composed onto white.
pub fn rasterize(page: &Page, ppi: u32) -> RgbImage {
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(f64::from(ppi) / 72.0),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    let rgb = over_white_rgb(pixmap.data());
    RgbImage::from_raw(pixmap.width(), pixmap.height(), rgb).expect("three bytes per pixel")
}

/// Premultiplied RGBA pixels composed onto white, as RGB: colour + (1 − alpha) × white.
/// Four pixels at a time, which the compiler turns into far fewer instructions than one
/// pixel at a time (about 0.7 against 2 ms for a page at 96 ppi). For any renderer's
/// pixels: typst-render's here, hayro's in `visual::pdf_pages`.
pub(crate) fn over_white_rgb(rgba: &[u8]) -> Vec<u8> {
    let mut rgb = vec![0; rgba.len() / 4 * 3];
    let over_white = |out: &mut [u8], pixels: &[u8]| {
        for (out, pixel) in out.chunks_exact_mut(3).zip(pixels.chunks_exact(4)) {
            let uncovered = 255 - pixel[3];
            for (out, channel) in out.iter_mut().zip(pixel) {
                *out = channel.saturating_add(uncovered);
            }
        }
    };
    let mut outs = rgb.chunks_exact_mut(12);
    let mut ins = rgba.chunks_exact(16);
    for (out, pixels) in (&mut outs).zip(&mut ins) {
        over_white(out, pixels);
    }
    over_white(outs.into_remainder(), ins.remainder());
    rgb
}

/// Rasterizes every page of `document`, in order, sharing the work among the CPU's cores.
pub fn rasterize_all(document: &PagedDocument, ppi: u32) -> Vec<RgbImage> {
    parallel_map(document.pages(), |page| rasterize(page, ppi))
}

/// Encodes every image as PNG, in order, sharing the work among the CPU's cores.
pub fn encode_all(images: &[RgbImage], compression: Compression) -> Result<Vec<Vec<u8>>> {
    parallel_map(images, |image| encode_png(image, compression)).into_iter().collect()
}

/// Applies `f` to every item on as many threads as there are cores; results keep their order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let f = &f;
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        // Interleaved, so that every thread gets cover, full and short pages alike.
        let workers: Vec<_> = (0..threads)
            .map(|first| {
                scope.spawn(move || {
                    (first..items.len())
                        .step_by(threads)
                        .map(|i| (i, f(&items[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for worker in workers {
            for (i, result) in worker.join().expect("a worker thread panicked") {
                results[i] = Some(result);
            }
        }
    });
    results.into_iter().map(|result| result.expect("every item processed")).collect()
}

/// Removes the page images in `dir` not named in `current`, left by an earlier, longer
/// rendering, so that the folder shows this one only.
pub(crate) fn remove_stale_pages(dir: &std::path::Path, current: &[&str]) -> Result<()> {
    crate::issue::files::remove_files_named(dir, |name| {
        is_page_image(name) && !current.contains(&name)
    })
}

/// Whether `name` is a page image these commands write: `page-<digits>.png`.
fn is_page_image(name: &str) -> bool {
    name.strip_prefix("page-")
        .and_then(|rest| rest.strip_suffix(".png"))
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// Encodes `image` as PNG; the same pixels always give the same bytes.
///
/// A page without colour is written as greyscale, a third of the data.
pub fn encode_png(image: &RgbImage, compression: Compression) -> Result<Vec<u8>> {
    let grey = image.pixels().all(|p| p[0] == p[1] && p[1] == p[2]);
    let (data, color): (Cow<'_, [u8]>, _) = if grey {
        (image.pixels().map(|p| p[0]).collect(), ExtendedColorType::L8)
    } else {
        (image.as_raw().into(), ExtendedColorType::Rgb8)
    };
    let (compression, filter) = match compression {
        Compression::Small => (CompressionType::Best, FilterType::Adaptive),
        Compression::Fast => (CompressionType::Fast, FilterType::Adaptive),
    };
    let mut bytes = Vec::new();
    PngEncoder::new_with_quality(&mut bytes, compression, filter)
        .write_image(&data, image.width(), image.height(), color)
        .context("failed to encode a PNG image")?;
    Ok(bytes)
}

/// Decodes a PNG (any colour type) into RGB pixels, composed onto white.
pub fn decode_png(bytes: &[u8]) -> Result<RgbImage> {
    let image = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .context("failed to decode a PNG image")?;
    let rgba = image.into_rgba8();
    let (width, height) = rgba.dimensions();
    let mut rgb = Vec::with_capacity(rgba.as_raw().len() / 4 * 3);
    for pixel in rgba.pixels() {
        let [r, g, b, a] = pixel.0;
        rgb.extend([r, g, b].map(|c| over_white(c, a)));
    }
    Ok(RgbImage::from_raw(width, height, rgb).expect("three bytes per pixel"))
}

/// A straight (not premultiplied) channel value with opacity `alpha`, over white.
fn over_white(channel: u8, alpha: u8) -> u8 {
    let (c, a) = (u32::from(channel), u32::from(alpha));
    ((c * a + 255 * (255 - a) + 127) / 255) as u8
}

/// The file name of page `number` (1-based): `page-01.png`, wide enough for `count` pages.
pub fn page_file_name(number: usize, count: usize) -> String {
    let width = count.to_string().len().max(2);
    format!("page-{number:0width$}.png")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_page_images_are_stale_candidates() {
        assert!(is_page_image("page-01.png"));
        assert!(is_page_image("page-100.png"));
        assert!(!is_page_image("page-01-diff.png"));
        assert!(!is_page_image("cover.png"));
    }

    #[test]
    fn grey_pages_round_trip_through_greyscale_png() {
        let image = RgbImage::from_fn(7, 5, |x, y| {
            let v = (x * 30 + y * 7) as u8;
            image::Rgb([v, v, v])
        });
        let bytes = encode_png(&image, Compression::Small).unwrap();
        assert_eq!(decode_png(&bytes).unwrap(), image);
        assert_eq!(bytes, encode_png(&image, Compression::Small).unwrap());
    }

    #[test]
    fn coloured_pages_round_trip() {
        let image = RgbImage::from_fn(4, 3, |x, y| image::Rgb([x as u8 * 60, y as u8 * 80, 7]));
        for compression in [Compression::Small, Compression::Fast] {
            let bytes = encode_png(&image, compression).unwrap();
            assert_eq!(decode_png(&bytes).unwrap(), image);
        }
    }

    #[test]
    fn premultiplied_pixels_are_composed_onto_white_whatever_their_number() {
        for count in 0..11u8 {
            // Premultiplied: no channel above its alpha.
            let rgba: Vec<u8> = (0..count)
                .flat_map(|n| {
                    let alpha = n.wrapping_mul(53);
                    [alpha / 2, alpha / 3, alpha, alpha]
                })
                .collect();
            let expected: Vec<u8> = rgba
                .chunks_exact(4)
                .flat_map(|p| [p[0] + (255 - p[3]), p[1] + (255 - p[3]), p[2] + (255 - p[3])])
                .collect();
            assert_eq!(over_white_rgb(&rgba), expected, "{count} pixels");
        }
    }

    #[test]
    fn transparency_is_composed_onto_white() {
        assert_eq!(over_white(0, 0), 255);
        assert_eq!(over_white(0, 255), 0);
        assert_eq!(over_white(0, 128), 127);
    }

    #[test]
    fn page_names_sort_in_page_order() {
        assert_eq!(page_file_name(1, 25), "page-01.png");
        assert_eq!(page_file_name(7, 120), "page-007.png");
    }
}
