//! The rules about how the file is output and what it reaches: halftones, compression,
//! composite pages, content outside the file and optional content; each a copy of the
//! good file broken in one way, and what the standards allow beside it.

use bulletin::export::pdfx::PdfxLevel::{X1a, X4};
use lopdf::{Document, Object, Stream, dictionary};

use super::rules::{add_resource, draw_on_page_2, page};
use super::{allows, refuses};

/// Writes `halftone` directly into a graphics state of page 2's resources.
fn halftone_on_page_2(doc: &mut Document, halftone: Object) {
    add_resource(doc, 2, "ExtGState", "GSh", Object::Dictionary(dictionary! { "HT" => halftone }));
}

fn screen(frequency: i64) -> lopdf::Dictionary {
    dictionary! {
        "Type" => "Halftone", "HalftoneType" => 1, "Frequency" => frequency,
        "Angle" => 45, "SpotFunction" => "Round",
    }
}

#[test]
fn halftones_other_than_types_1_and_5_fail_both_levels() {
    for level in [X4, X1a] {
        refuses(level, "page 2: a halftone of type 6", |doc| {
            let threshold = doc.add_object(Stream::new(
                dictionary! { "Type" => "Halftone", "HalftoneType" => 6, "Width" => 2, "Height" => 2 },
                vec![0, 64, 128, 255],
            ));
            halftone_on_page_2(doc, Object::Reference(threshold));
        });
        refuses(level, "a named halftone (HalftoneName)", |doc| {
            let mut named = screen(150);
            named.set("HalftoneName", Object::string_literal("DotShop"));
            halftone_on_page_2(doc, Object::Dictionary(named));
        });
        refuses(level, "a graphics state sets a halftone phase (HTP)", |doc| {
            let state = dictionary! { "HTP" => vec![0.into(), 0.into()] };
            add_resource(doc, 2, "ExtGState", "GSp", Object::Dictionary(state));
        });
    }
    refuses(X1a, "the halftone for Magenta is of type 10, not 1", |doc| {
        let threshold = doc.add_object(Stream::new(
            dictionary! { "Type" => "Halftone", "HalftoneType" => 10, "Xsquare" => 1, "Ysquare" => 1 },
            vec![128],
        ));
        let per_ink = dictionary! {
            "Type" => "Halftone", "HalftoneType" => 5,
            "Cyan" => screen(150), "Magenta" => threshold, "Default" => screen(150),
        };
        halftone_on_page_2(doc, Object::Dictionary(per_ink));
    });
    refuses(X4, "the halftone for Black carries a transfer function", |doc| {
        let mut black = screen(150);
        black.set("TransferFunction", "Identity");
        let per_ink = dictionary! {
            "Type" => "Halftone", "HalftoneType" => 5, "Black" => black, "Default" => screen(150),
        };
        halftone_on_page_2(doc, Object::Dictionary(per_ink));
    });
    refuses(X4, "a halftone carries a transfer function", |doc| {
        let mut single = screen(150);
        single.set("TransferFunction", "Identity");
        halftone_on_page_2(doc, Object::Dictionary(single));
    });
}

#[test]
fn halftones_the_standards_allow_pass() {
    for level in [X4, X1a] {
        allows(level, "a halftone of type 1", |doc| {
            halftone_on_page_2(doc, Object::Dictionary(screen(150)));
        });
    }
    allows(X4, "a halftone of type 5 with a spot colour's own transfer function", |doc| {
        let mut spot = screen(133);
        spot.set("TransferFunction", "Identity");
        let per_ink = dictionary! {
            "Type" => "Halftone", "HalftoneType" => 5,
            "Black" => screen(150), "PANTONE#20485#20C" => spot, "Default" => screen(150),
        };
        halftone_on_page_2(doc, Object::Dictionary(per_ink));
    });
    allows(X1a, "HT Default", |doc| halftone_on_page_2(doc, "Default".into()));
}

/// An image on page 2's resources whose stream is compressed with `filter`.
fn image_with_filter(doc: &mut Document, filter: &str) {
    let image = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => filter,
        },
        vec![0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01],
    ));
    add_resource(doc, 2, "XObject", "ImZ", Object::Reference(image));
}

#[test]
fn forbidden_compression_fails() {
    for level in [X4, X1a] {
        refuses(level, "page 2: a stream compressed with LZWDecode", |doc| {
            image_with_filter(doc, "LZWDecode");
        });
    }
    refuses(X1a, "a stream compressed with JBIG2Decode", |doc| {
        image_with_filter(doc, "JBIG2Decode");
    });
    refuses(X1a, "a stream compressed with JPXDecode", |doc| {
        image_with_filter(doc, "JPXDecode");
    });
    // PDF/X-4 is PDF 1.6: JBIG2 and JPEG 2000 belong to it.
    allows(X4, "a JBIG2 image", |doc| image_with_filter(doc, "JBIG2Decode"));
}

#[test]
fn separated_pages_fail_both_levels() {
    for level in [X4, X1a] {
        refuses(level, "page 2 is a separation (SeparationInfo)", |doc| {
            let pages = vec![Object::Reference(page(doc, 2))];
            let info = dictionary! { "Pages" => pages, "DeviceColorant" => "Cyan" };
            let id = page(doc, 2);
            doc.get_dictionary_mut(id).unwrap().set("SeparationInfo", info);
        });
    }
}

#[test]
fn content_from_outside_the_file_fails_both_levels() {
    for level in [X4, X1a] {
        refuses(level, "the document catalog: embedded files", |doc| {
            let file = doc.add_object(Stream::new(
                dictionary! { "Type" => "EmbeddedFile" },
                b"the ledger".to_vec(),
            ));
            let spec = dictionary! {
                "Type" => "Filespec", "F" => Object::string_literal("ledger.txt"),
                "EF" => dictionary! { "F" => file },
            };
            let tree = dictionary! {
                "Names" => vec![Object::string_literal("ledger.txt"), Object::Dictionary(spec)],
            };
            doc.catalog_mut().unwrap().set("Names", dictionary! { "EmbeddedFiles" => tree });
        });
        refuses(level, "page 4: a reference XObject", |doc| {
            let spec =
                dictionary! { "Type" => "Filespec", "F" => Object::string_literal("ad.pdf") };
            let form = doc.add_object(Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Form",
                    "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
                    "Ref" => dictionary! { "F" => spec, "Page" => 0 },
                },
                Vec::new(),
            ));
            add_resource(doc, 4, "XObject", "Ad", Object::Reference(form));
        });
    }
}

/// Gives the document optional content with one layer and `configuration` as default.
fn layers(doc: &mut Document, configuration: lopdf::Dictionary) {
    let layer =
        doc.add_object(dictionary! { "Type" => "OCG", "Name" => Object::string_literal("Notes") });
    let properties = dictionary! { "OCGs" => vec![Object::Reference(layer)], "D" => configuration };
    doc.catalog_mut().unwrap().set("OCProperties", properties);
}

#[test]
fn optional_content_needs_named_configurations_in_x4_and_is_refused_in_x1a() {
    refuses(X4, "the default configuration of the optional content has no Name", |doc| {
        layers(doc, dictionary! { "BaseState" => "ON" });
    });
    refuses(X4, "sets AS (automatic states)", |doc| {
        let usage = dictionary! { "Event" => "Print", "Category" => vec!["Print".into()] };
        let configuration = dictionary! {
            "Name" => Object::string_literal("Print"), "AS" => vec![Object::Dictionary(usage)],
        };
        layers(doc, configuration);
    });
    allows(X4, "optional content with a named configuration", |doc| {
        layers(doc, dictionary! { "Name" => Object::string_literal("Print") });
    });
    refuses(X1a, "the file has optional content (layers, PDF 1.5)", |doc| {
        layers(doc, dictionary! { "Name" => Object::string_literal("Print") });
    });
}

/// Gives page 2 an image with one alternate version, `for_printing` or not.
fn image_with_alternate(doc: &mut Document, for_printing: bool) {
    let pixel = |doc: &mut Document| {
        doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            },
            vec![0],
        ))
    };
    let alternate = pixel(doc);
    let image = pixel(doc);
    let entry = dictionary! { "Image" => alternate, "DefaultForPrinting" => for_printing };
    let dict = &mut doc.get_object_mut(image).unwrap().as_stream_mut().unwrap().dict;
    dict.set("Alternates", vec![Object::Dictionary(entry)]);
    add_resource(doc, 2, "XObject", "ImA", Object::Reference(image));
}

#[test]
fn alternate_images_fail_x4_and_those_for_printing_fail_x1a() {
    refuses(X4, "page 2: an image with alternate versions (Alternates)", |doc| {
        image_with_alternate(doc, false);
    });
    refuses(X1a, "page 2: an image with an alternate for printing (DefaultForPrinting)", |doc| {
        image_with_alternate(doc, true);
    });
    allows(X1a, "an image with an alternate for the screen", |doc| {
        image_with_alternate(doc, false);
    });
}

#[test]
fn postscript_in_the_content_fails_both_levels() {
    for level in [X4, X1a] {
        refuses(level, "page 2: PostScript in the content (the PS operator)", |doc| {
            draw_on_page_2(doc, "(0 setgray) PS", lopdf::Dictionary::new());
        });
    }
}
