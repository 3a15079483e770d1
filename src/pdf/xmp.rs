//! The XMP namespaces of the PDF/X identification, as the writer writes them and the
//! readers look for them.

/// The XMP namespace of the PDF/X-4 identification (ISO 15930-7).
pub const PDFXID_NS: &str = "http://www.npes.org/pdfx/ns/id/";
/// The namespace Acrobat writes the PDF/X-1a identification in.
pub const ADOBE_PDFX_NS: &str = "http://ns.adobe.com/pdfx/1.3/";
