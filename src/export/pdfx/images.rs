//! Images for PDF/X-1a, which allows only CMYK, grey and spot colour: RGB images are
//! converted to CMYK
//! for the output condition with a colour-managed transform (moxcms, the image crate's
//! colour engine: the image's own ICC profile, else sRGB, to the FOGRA39 profile,
//! perceptual intent), ICC-based grey and CMYK images are relabelled DeviceGray and
//! DeviceCMYK, and soft masks are flattened onto white paper.
//!
//! Flattening onto white is exact only where nothing but paper lies under the image,
//! which is how the bulletin places figures; relabelling keeps the samples as they are
//! (grey prints on the K plate with its tone values unchanged).

use anyhow::{Context, Result, anyhow, bail};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use moxcms::{ColorProfile, DataColorSpace, Layout, RenderingIntent, TransformOptions};

use super::OutputCondition;
use crate::pdf::colour_space::ColourSpace;
use crate::pdf::objects::stream_bytes;

/// What an image's samples are, as far as the conversion is concerned.
#[derive(Debug, Clone)]
enum Space {
    /// DeviceGray, DeviceCMYK, Separation, DeviceN: printable as they are.
    Device,
    /// Grey (ICC-based or CalGray): relabelled DeviceGray.
    Grey,
    /// CMYK with an ICC profile: relabelled DeviceCMYK.
    IccCmyk,
    /// RGB: converted, with the ICC profile when there is one.
    Rgb(Option<Vec<u8>>),
    /// A palette over a base space.
    Indexed(Box<Space>, Vec<u8>),
    /// Lab and anything unknown.
    Other(String),
}

/// Converts every image XObject in `doc` that PDF/X-1a cannot carry.
pub fn convert_for_x1a(doc: &mut Document, condition: &OutputCondition) -> Result<()> {
    let ids: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_stream().is_ok_and(|s| {
                s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image".as_slice())
            })
        })
        .map(|(id, _)| *id)
        .collect();
    for id in ids {
        let stream = doc.get_object(id)?.as_stream()?;
        if stream.dict.get(b"ImageMask").and_then(Object::as_bool).unwrap_or(false) {
            continue;
        }
        let space = match stream.dict.get(b"ColorSpace") {
            Ok(object) => classify(doc, object),
            // JPX images carry their space inside; PDF 1.4 has no JPX anyway.
            Err(_) => Space::Other("no colour space".into()),
        };
        let smask = stream.dict.get(b"SMask").ok().and_then(|o| o.as_reference().ok());
        if matches!(space, Space::Device) && smask.is_none() {
            continue;
        }
        if let Space::Other(what) = &space {
            bail!(
                "image object {} is in {what}, which PDF/X-1a cannot carry and bulletin cannot convert",
                id.0
            );
        }
        let alpha = match smask {
            Some(mask) => Some(read_mask(doc, mask)?),
            None => None,
        };
        let converted = convert(doc, id, &space, alpha.as_ref(), condition).with_context(|| {
            format!("image object {} could not be converted for PDF/X-1a", id.0)
        })?;
        *doc.get_object_mut(id)? = Object::Stream(converted);
    }
    Ok(())
}

/// Sorts a colour space (read by [`ColourSpace::parse`]) into what the conversion does
/// with it; an ICC RGB space brings its profile, an Indexed space its table.
fn classify(doc: &Document, object: &Object) -> Space {
    let items = doc.dereference(object).ok().and_then(|(_, o)| o.as_array().ok());
    let item = |i: usize| items.and_then(|items| items.get(i));
    let stream = |i: usize| {
        item(i).and_then(|o| doc.dereference(o).ok()).and_then(|(_, o)| o.as_stream().ok())
    };
    let device =
        |space: &ColourSpace| matches!(space, ColourSpace::DeviceGray | ColourSpace::DeviceCmyk);
    match ColourSpace::parse(doc, object) {
        ColourSpace::DeviceGray | ColourSpace::DeviceCmyk => Space::Device,
        ColourSpace::DeviceRgb | ColourSpace::CalRgb => Space::Rgb(None),
        ColourSpace::CalGray => Space::Grey,
        ColourSpace::IccBased { components: 1 } => Space::Grey,
        // A profile that cannot be decoded is none: the colours are taken as sRGB.
        ColourSpace::IccBased { components: 3 } => {
            Space::Rgb(stream(1).and_then(|s| stream_bytes(s).ok()))
        }
        ColourSpace::IccBased { components: 4 } => Space::IccCmyk,
        ColourSpace::IccBased { components } => {
            Space::Other(format!("an ICC space of {components} components"))
        }
        ColourSpace::Separation { alternate, .. } | ColourSpace::DeviceN { alternate, .. } => {
            if device(&alternate) {
                Space::Device
            } else {
                Space::Other("a spot colour with a non-CMYK fallback".into())
            }
        }
        ColourSpace::Indexed { base } => {
            let base = match *base {
                ColourSpace::Indexed { .. } => Space::Other("an Indexed space over another".into()),
                _ => item(1).map_or(Space::Other("no base".into()), |b| classify(doc, b)),
            };
            let table = match item(3).and_then(|o| doc.dereference(o).ok()).map(|(_, o)| o) {
                Some(Object::String(bytes, _)) => bytes.clone(),
                Some(Object::Stream(s)) => match stream_bytes(s) {
                    Ok(table) => table,
                    Err(_) => {
                        return Space::Other(
                            "an Indexed space whose table cannot be decoded".into(),
                        );
                    }
                },
                _ => return Space::Other("an Indexed space without a table".into()),
            };
            match base {
                Space::Device => Space::Device,
                base => Space::Indexed(Box::new(base), table),
            }
        }
        other => Space::Other(other.to_string()),
    }
}

/// An 8-bit alpha channel.
struct Alpha {
    width: usize,
    height: usize,
    values: Vec<u8>,
}

fn read_mask(doc: &Document, id: ObjectId) -> Result<Alpha> {
    let stream = doc.get_object(id)?.as_stream()?;
    let (width, height, _, values) = samples(stream, 1)?;
    Ok(Alpha { width, height, values })
}

/// Decodes an image to 8-bit samples with `channels` per pixel: width, height, whether
/// it came from JPEG, the samples.
fn samples(stream: &Stream, channels: usize) -> Result<(usize, usize, bool, Vec<u8>)> {
    let dim = |key: &[u8]| {
        stream
            .dict
            .get(key)
            .and_then(Object::as_i64)
            .ok()
            .and_then(|v| usize::try_from(v).ok())
            .filter(|v| *v > 0)
    };
    let (Some(width), Some(height)) = (dim(b"Width"), dim(b"Height")) else {
        bail!("it has no valid Width and Height");
    };
    let filters: Vec<Vec<u8>> = match stream.dict.get(b"Filter") {
        Ok(Object::Name(name)) => vec![name.clone()],
        Ok(Object::Array(names)) => {
            names.iter().filter_map(|n| n.as_name().ok().map(<[u8]>::to_vec)).collect()
        }
        _ => Vec::new(),
    };
    if filters.last().is_some_and(|f| f == b"DCTDecode") {
        let image = image::load_from_memory_with_format(&stream.content, image::ImageFormat::Jpeg)
            .context("its JPEG data cannot be decoded")?;
        let bytes =
            if channels == 1 { image.to_luma8().into_raw() } else { image.to_rgb8().into_raw() };
        return Ok((width, height, true, bytes));
    }
    let data =
        stream_bytes(stream).map_err(|e| anyhow!("its data cannot be decompressed ({e})"))?;
    let bits = stream.dict.get(b"BitsPerComponent").and_then(Object::as_i64).unwrap_or(8);
    let values = unpack(&data, width, height, channels, bits)?;
    Ok((width, height, false, values))
}

/// Unpacks rows of `bits`-bit samples into one byte per sample (16 bits keep the high
/// byte; 1, 2, 4 bits are kept as indices, as Indexed images use them).
fn unpack(data: &[u8], width: usize, height: usize, channels: usize, bits: i64) -> Result<Vec<u8>> {
    let per_row = width * channels;
    let mut out = Vec::with_capacity(per_row * height);
    match bits {
        8 => {
            if data.len() < per_row * height {
                bail!("its data is shorter than its size says");
            }
            out.extend_from_slice(&data[..per_row * height]);
        }
        16 => {
            if data.len() < per_row * height * 2 {
                bail!("its data is shorter than its size says");
            }
            out.extend(data[..per_row * height * 2].chunks(2).map(|c| c[0]));
        }
        1 | 2 | 4 => {
            let bits = bits as usize;
            let row_bytes = (per_row * bits).div_ceil(8);
            if data.len() < row_bytes * height {
                bail!("its data is shorter than its size says");
            }
            for row in data.chunks(row_bytes).take(height) {
                for i in 0..per_row {
                    let bit = i * bits;
                    let byte = row[bit / 8];
                    let shift = 8 - bits - bit % 8;
                    out.push((byte >> shift) & ((1 << bits) - 1) as u8);
                }
            }
        }
        other => bail!("it has {other} bits per sample"),
    }
    Ok(out)
}

fn base_channels(space: &Space) -> usize {
    match space {
        Space::Grey => 1,
        Space::Rgb(_) => 3,
        Space::IccCmyk => 4,
        Space::Indexed(..) => 1,
        Space::Device | Space::Other(_) => 0,
    }
}

/// Converts one image; returns its new stream.
fn convert(
    doc: &Document,
    id: ObjectId,
    space: &Space,
    alpha: Option<&Alpha>,
    condition: &OutputCondition,
) -> Result<Stream> {
    let stream = doc.get_object(id)?.as_stream()?;
    // Device spaces with only a soft mask to flatten: keep the space, flatten the samples.
    let space = match space {
        Space::Device => match device_components(doc, stream)? {
            1 => Space::Grey,
            4 => Space::IccCmyk,
            _ => bail!("it is in a spot colour and has a soft mask"),
        },
        other => other.clone(),
    };
    let channels = base_channels(&space);
    let (width, height, _, mut values) = samples(stream, channels)?;
    // Resolve a palette into its base space.
    let space = match space {
        Space::Indexed(base, table) => {
            let n = base_channels(&base);
            if n == 0 {
                bail!("its palette is over a space bulletin cannot convert");
            }
            values = values
                .iter()
                .flat_map(|&i| {
                    let start = usize::from(i) * n;
                    (0..n).map(move |c| start + c)
                })
                .map(|at| table.get(at).copied().unwrap_or(0))
                .collect();
            *base
        }
        other => other,
    };
    let channels = base_channels(&space);
    if let Some(alpha) = alpha {
        flatten(&mut values, channels, width, height, alpha, matches!(space, Space::IccCmyk));
    }
    let (target, samples) = match &space {
        Space::Grey => ("DeviceGray", values),
        Space::IccCmyk => ("DeviceCMYK", values),
        Space::Rgb(profile) => ("DeviceCMYK", rgb_to_cmyk(&values, profile.as_deref(), condition)?),
        _ => bail!("its colour space cannot be converted"),
    };
    let mut dict = Dictionary::new();
    for (key, value) in stream.dict.iter() {
        if !matches!(
            key.as_slice(),
            b"ColorSpace"
                | b"SMask"
                | b"Filter"
                | b"DecodeParms"
                | b"Decode"
                | b"BitsPerComponent"
                | b"Length"
                | b"SMaskInData"
        ) {
            dict.set(key.clone(), value.clone());
        }
    }
    dict.set("ColorSpace", Object::Name(target.as_bytes().to_vec()));
    dict.set("BitsPerComponent", Object::Integer(8));
    super::flate_stream(dict, &samples)
}

/// How many components a device-space image has.
fn device_components(doc: &Document, stream: &Stream) -> Result<usize> {
    let space = stream.dict.get(b"ColorSpace")?;
    let (_, space) = doc.dereference(space)?;
    Ok(match space {
        Object::Name(name) if name == b"DeviceGray" => 1,
        Object::Name(name) if name == b"DeviceCMYK" => 4,
        _ => 0,
    })
}

/// Composites samples over white paper by their alpha (nearest-neighbour when the mask
/// has another size). White is full value in grey and RGB, no ink in CMYK.
fn flatten(
    values: &mut [u8],
    channels: usize,
    width: usize,
    height: usize,
    alpha: &Alpha,
    subtractive: bool,
) {
    for y in 0..height {
        let my = y * alpha.height / height;
        for x in 0..width {
            let mx = x * alpha.width / width;
            let a = u32::from(alpha.values.get(my * alpha.width + mx).copied().unwrap_or(255));
            for c in 0..channels {
                let at = (y * width + x) * channels + c;
                let Some(v) = values.get_mut(at) else { continue };
                let paper = if subtractive { 0 } else { 255 };
                *v = ((u32::from(*v) * a + paper * (255 - a) + 127) / 255) as u8;
            }
        }
    }
}

/// RGB samples to CMYK for `condition`, through the image's profile or sRGB.
fn rgb_to_cmyk(rgb: &[u8], profile: Option<&[u8]>, condition: &OutputCondition) -> Result<Vec<u8>> {
    let source = profile
        .and_then(|bytes| ColorProfile::new_from_slice(bytes).ok())
        .filter(|p| p.color_space == DataColorSpace::Rgb)
        .unwrap_or_else(ColorProfile::new_srgb);
    let target = ColorProfile::new_from_slice(condition.profile)
        .map_err(|e| anyhow!("the output profile cannot be read ({e:?})"))?;
    let options = TransformOptions {
        rendering_intent: RenderingIntent::Perceptual,
        ..TransformOptions::default()
    };
    let transform = source
        .create_transform_8bit(Layout::Rgb, &target, Layout::Rgba, options)
        .map_err(|e| anyhow!("no colour transform to {} ({e:?})", condition.identifier))?;
    let pixels = rgb.len() / 3;
    let mut cmyk = vec![0u8; pixels * 4];
    transform
        .transform(&rgb[..pixels * 3], &mut cmyk)
        .map_err(|e| anyhow!("the colour transform failed ({e:?})"))?;
    Ok(cmyk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::pdfx::FOGRA39;

    #[test]
    fn srgb_converts_to_plausible_fogra39_cmyk() {
        let cmyk =
            rgb_to_cmyk(&[255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255], None, &FOGRA39).unwrap();
        let px = |i: usize| &cmyk[i * 4..i * 4 + 4];
        assert!(px(0).iter().all(|&v| v < 8), "white takes no ink: {:?}", px(0));
        assert!(px(1)[3] > 200, "black has much K: {:?}", px(1));
        assert!(px(2)[1] > 200 && px(2)[2] > 200 && px(2)[0] < 40, "red is M+Y: {:?}", px(2));
        assert!(px(3)[0] > 200 && px(3)[1] > 100, "blue is C+M: {:?}", px(3));
    }

    #[test]
    fn soft_masks_flatten_onto_white() {
        let alpha = Alpha { width: 2, height: 1, values: vec![255, 0] };
        let mut rgb = vec![0, 0, 0, 0, 0, 0];
        flatten(&mut rgb, 3, 2, 1, &alpha, false);
        assert_eq!(rgb, [0, 0, 0, 255, 255, 255]);
        let mut cmyk = vec![255; 8];
        flatten(&mut cmyk, 4, 2, 1, &alpha, true);
        assert_eq!(cmyk, [255, 255, 255, 255, 0, 0, 0, 0]);
    }

    #[test]
    fn low_bit_samples_unpack() {
        assert_eq!(unpack(&[0b1011_0000], 4, 1, 1, 1).unwrap(), [1, 0, 1, 1]);
        assert_eq!(unpack(&[0x12, 0x34], 1, 1, 1, 16).unwrap(), [0x12]);
    }
}
