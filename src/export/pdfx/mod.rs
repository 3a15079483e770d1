//! PDF/X for the print shop: turns Typst's print PDF into PDF/X-4 or PDF/X-1a:2003.
//!
//! Typst cannot write PDF/X, so the print PDF is post-processed with lopdf, one step per
//! module: the header version and trailer ID ([`identity`]), the page boxes ([`boxes`]),
//! annotations inside the sheet ([`annotations`]), X-1a's colour and transparency limits
//! ([`images`], [`transparency`]), X-4's sRGB tags ([`srgb`]), overprinting black
//! ([`overprint`], reading content with the interpreter of [`crate::pdf::content`] and
//! adding states to [`resources`]), the OutputIntent ([`intent`]) and the metadata
//! ([`metadata`]); the content Typst left uncompressed for these passes is compressed
//! last ([`compression`]). `bulletin build` checks the result, as written and still in
//! memory, against the PDF/X requirements of `bulletin preflight --for pdfx-4`
//! (`preflight::pdfx::verify_written`), so a build never writes a file that its own
//! preflight refuses. The check reads each page as the overprint pass read it, in the
//! walk that rewrote the page ([`Written`]), rather than reading every page again.

pub mod annotations;
pub mod boxes;
pub mod compression;
pub mod identity;
pub mod images;
pub mod intent;
pub mod metadata;
pub mod overprint;
pub mod resources;
pub mod srgb;
pub mod transparency;

use std::collections::HashMap;

use anyhow::{Context, Result, bail};

use crate::issue::model::Date;
pub use crate::issue::model::PdfxLevel;
use crate::pdf::page_content::PageContent;

/// The printing condition of the OutputIntent, and its profile.
pub struct OutputCondition {
    /// The OutputConditionIdentifier: a name in the ICC's registry of characterisations.
    pub identifier: &'static str,
    /// The condition in words, for OutputCondition and Info.
    pub description: &'static str,
    /// The registry that defines the identifier.
    pub registry: &'static str,
    /// The ICC output profile (class prtr, CMYK) embedded in the PDF.
    pub profile: &'static [u8],
    /// The same, zlib-compressed at the best level (by build.rs, when `bulletin` is
    /// compiled), as the PDF embeds it.
    pub profile_deflated: &'static [u8],
}

/// FOGRA39: coated offset, ISO 12647-2:2004, with the profile in `color/`.
///
/// Compiled in rather than read from `color/`, so the output never depends on the
/// machine or a file someone edited: see `color/README.md`.
pub const FOGRA39: OutputCondition = OutputCondition {
    identifier: "FOGRA39",
    description: "Coated FOGRA39 (ISO 12647-2:2004)",
    registry: "http://www.color.org",
    profile: include_bytes!("../../../color/FOGRA39-bulletin.icc"),
    profile_deflated: include_bytes!(concat!(env!("OUT_DIR"), "/FOGRA39-bulletin.icc.zlib")),
};

/// What the PDF/X file declares about itself; all of it comes from the issue, so the
/// same issue gives the same bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfxOptions {
    /// The conformance level.
    pub level: PdfxLevel,
    /// The document's title (Info Title and dc:title).
    pub title: String,
    /// A name for the document that stays the same across revisions, such as
    /// `电子商务动态/2023-08`; the XMP DocumentID and the trailer ID's first half are
    /// derived from it.
    pub document_id: String,
    /// The issue's date: CreationDate and ModDate, midnight UTC.
    pub date: Date,
    /// How far the sheet's printing extends past the trimmed page, in millimetres;
    /// `None` or zero: no bleed (the BleedBox is the TrimBox).
    pub bleed_mm: Option<f64>,
}

/// Turns the PDF Typst wrote for the print profile into a PDF/X file of `options.level`.
///
/// Fails when the PDF uses something the level cannot carry and `bulletin` cannot
/// convert (for X-1a: live transparency, images in Lab or odd spaces), naming it. It
/// does not check its result: the preflight does (`bulletin build` checks the document
/// [`to_pdfx_document`] gives; `watch` does not, for speed; the bytes are the same either
/// way).
pub fn to_pdfx(pdf: Vec<u8>, options: &PdfxOptions) -> Result<Vec<u8>> {
    Ok(to_pdfx_document(pdf, options, None)?.0)
}

/// What a conversion leaves for the next conversion of the same issue (a long-lived
/// engine's, after an edit): the objects of Typst's PDF as parsed, and the overprint
/// pass's page rewrites. Taking them gives the same bytes as converting afresh.
#[derive(Debug, Default)]
pub struct Reuse {
    objects: crate::pdf::reparse::Reparser,
    rewrites: overprint::Rewrites,
    compressed: compression::Compressed,
}

/// A PDF/X file as the conversion wrote it, held for its check: the document, and what
/// each page paints, read in the walk that rewrote the page.
#[derive(Debug)]
pub struct Written {
    /// The document as written.
    pub document: lopdf::Document,
    /// What each page paints, in page order, read as the preflight reads a page.
    pub pages: Vec<PageContent>,
}

/// [`to_pdfx`], also giving the file as it was written ([`Written`]), so that a check of
/// the result reads what is already in memory instead of parsing the bytes and reading
/// the pages again; with `reuse`, taking what the last conversion with it left and is
/// still the same.
pub fn to_pdfx_document(
    pdf: Vec<u8>,
    options: &PdfxOptions,
    mut reuse: Option<&mut Reuse>,
) -> Result<(Vec<u8>, Written)> {
    let digest = identity::digest(&pdf, options);
    let (mut doc, hashes) = match reuse.as_deref_mut() {
        Some(reuse) => {
            let parsed = reuse.objects.parse(&pdf).context("the PDF to convert cannot be read")?;
            (parsed.document, parsed.hashes)
        }
        None => {
            let doc =
                lopdf::Document::load_mem(&pdf).context("the PDF to convert cannot be read")?;
            (doc, HashMap::new())
        }
    };
    // Taken before any pass changes the document: what each page's rewrite will read.
    let salt = format!("{:?} {:?}", options.level, options.bleed_mm);
    let fingerprints =
        reuse.is_some().then(|| overprint::fingerprints(&doc, &hashes, salt.as_bytes()));
    if doc.trailer.get(b"Encrypt").is_ok() {
        bail!("the PDF is encrypted, which PDF/X forbids");
    }
    let level = options.level;
    annotations::remove(&mut doc, options.bleed_mm)?;
    boxes::set(&mut doc, options.bleed_mm)?;
    match level {
        PdfxLevel::X1a => {
            images::convert_for_x1a(&mut doc, &FOGRA39)?;
            transparency::remove_for_x1a(&mut doc)?;
        }
        PdfxLevel::X4 => {
            srgb::tag_for_x4(&mut doc)?;
        }
    }
    let (memo, compressed) = match reuse {
        Some(Reuse { rewrites, compressed, .. }) => {
            let memo = fingerprints
                .as_ref()
                .map(|fingerprints| overprint::Memo { rewrites, fingerprints });
            (memo, Some(compressed))
        }
        None => (None, None),
    };
    let pages = overprint::black(&mut doc, memo)?;
    intent::set(&mut doc, &FOGRA39)?;
    metadata::set(&mut doc, options, &digest)?;
    identity::set(&mut doc, options, &digest);
    // The replaced Info, XMP, contents and links are no longer referenced.
    doc.prune_objects();
    compression::compress_raw(&mut doc, compressed)?;
    doc.renumber_objects();
    let mut out = Vec::new();
    doc.save_to(&mut out).context("failed to write the PDF/X file")?;
    Ok((out, Written { document: doc, pages }))
}

/// A Flate-compressed stream of `data` (zlib's default level: level 9, as lopdf's
/// `compress` uses, costs several times as long for a few per cent).
pub(crate) fn flate_stream(mut dict: lopdf::Dictionary, data: &[u8]) -> Result<lopdf::Stream> {
    dict.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
    dict.remove(b"DecodeParms");
    Ok(lopdf::Stream::new(dict, deflate(data)?))
}

/// `data` zlib-compressed at zlib's default level, as Typst's export (krilla) compresses
/// content.
pub(crate) fn deflate(data: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_read_as_written_on_the_command_line_and_in_settings() {
        assert_eq!("4".parse::<PdfxLevel>(), Ok(PdfxLevel::X4));
        assert_eq!("1a".parse::<PdfxLevel>(), Ok(PdfxLevel::X1a));
        assert_eq!("pdfx-1a".parse::<PdfxLevel>(), Ok(PdfxLevel::X1a));
        assert_eq!("PDF/X-4".parse::<PdfxLevel>(), Ok(PdfxLevel::X4));
        assert!("3".parse::<PdfxLevel>().is_err());
        for level in PdfxLevel::ALL {
            assert_eq!(level.name().parse::<PdfxLevel>(), Ok(level));
        }
    }

    #[test]
    fn the_profile_is_a_cmyk_output_profile() {
        let profile = FOGRA39.profile;
        assert_eq!(&profile[12..16], b"prtr");
        assert_eq!(&profile[16..20], b"CMYK");
        assert_eq!(&profile[36..40], b"acsp");
        assert!(profile.len() < 2 * 1024 * 1024);
    }

    #[test]
    fn the_compressed_profile_is_the_profile() {
        let stream = lopdf::Stream::new(
            lopdf::dictionary! { "Filter" => "FlateDecode" },
            FOGRA39.profile_deflated.to_vec(),
        );
        assert_eq!(stream.decompressed_content().unwrap(), FOGRA39.profile);
    }
}
