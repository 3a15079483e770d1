//! Print production: every preflight rule against small PDFs built here, each shown to
//! catch the broken file and pass the fixed one; the print and screen profiles; PDFs
//! made by other programs.

mod producers;
mod profiles;
mod rules;

use bulletin::preflight::{Preflight, Rules, Severity, preflight};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

/// An A4 page in points.
const A4: [f64; 4] = [0.0, 0.0, 595.276, 841.89];

/// A small PDF put together object by object.
pub struct TestPdf {
    doc: Document,
    pages: ObjectId,
    kids: Vec<ObjectId>,
    catalog: Dictionary,
}

impl TestPdf {
    /// An empty PDF 1.7 document.
    pub fn new() -> Self {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        Self { doc, pages, kids: Vec::new(), catalog: Dictionary::new() }
    }

    /// Adds an object and returns its id.
    pub fn add(&mut self, object: impl Into<Object>) -> ObjectId {
        self.doc.add_object(object)
    }

    /// Adds an A4 page drawing `content` with `resources`.
    pub fn page(&mut self, content: &str, resources: Dictionary) -> ObjectId {
        self.page_with(content, resources, Dictionary::new())
    }

    /// Adds an A4 page with further entries (TrimBox, …) in its dictionary.
    pub fn page_with(
        &mut self,
        content: &str,
        resources: Dictionary,
        extra: Dictionary,
    ) -> ObjectId {
        let content = self.add(Stream::new(Dictionary::new(), content.as_bytes().to_vec()));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => self.pages,
            "MediaBox" => numbers(&A4),
            "Contents" => content,
            "Resources" => resources,
        };
        for (key, value) in extra.iter() {
            page.set(key.clone(), value.clone());
        }
        let id = self.add(page);
        self.kids.push(id);
        id
    }

    /// Adds `count` empty pages.
    pub fn blank_pages(&mut self, count: usize) {
        for _ in 0..count {
            self.page("", Dictionary::new());
        }
    }

    /// Sets an entry of the document catalog (Metadata, …).
    pub fn catalog(&mut self, key: &str, value: impl Into<Object>) {
        self.catalog.set(key, value);
    }

    /// The file's bytes.
    pub fn bytes(mut self) -> Vec<u8> {
        let kids: Vec<Object> = self.kids.iter().map(|&id| id.into()).collect();
        let count = kids.len() as i64;
        self.doc.objects.insert(
            self.pages,
            dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }.into(),
        );
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => self.pages };
        for (key, value) in self.catalog.iter() {
            catalog.set(key.clone(), value.clone());
        }
        let catalog = self.doc.add_object(catalog);
        self.doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        self.doc.save_to(&mut bytes).expect("the test PDF is written");
        bytes
    }

    /// Preflights the file under `rules`.
    pub fn preflight(self, rules: Rules) -> Preflight {
        preflight(&self.bytes(), "test.pdf", &rules).expect("the test PDF is inspected")
    }
}

/// Numbers as a PDF array.
pub fn numbers(values: &[f64]) -> Object {
    Object::Array(values.iter().map(|&v| Object::Real(v as f32)).collect())
}

/// A font resource dictionary naming one font `/F1`.
pub fn font_resources(font: ObjectId) -> Dictionary {
    dictionary! { "Font" => dictionary! { "F1" => font } }
}

/// A simple TrueType or Type 1 font named `name`, with its program embedded or not.
pub fn simple_font(pdf: &mut TestPdf, subtype: &str, name: &str, embedded: bool) -> ObjectId {
    let mut descriptor = dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => name,
        "Flags" => 32,
        "FontBBox" => numbers(&[0.0, -200.0, 1000.0, 900.0]),
        "ItalicAngle" => 0,
        "Ascent" => 900,
        "Descent" => -200,
        "CapHeight" => 700,
        "StemV" => 80,
    };
    if embedded {
        // The program's bytes do not matter to preflight, only that they are there.
        let key = if subtype == "TrueType" { "FontFile2" } else { "FontFile" };
        let program = pdf.add(Stream::new(Dictionary::new(), b"font program".to_vec()));
        descriptor.set(key, program);
    }
    let descriptor = pdf.add(descriptor);
    pdf.add(dictionary! {
        "Type" => "Font",
        "Subtype" => subtype,
        "BaseFont" => name,
        "FirstChar" => 32,
        "LastChar" => 32,
        "Widths" => vec![Object::Integer(250)],
        "FontDescriptor" => descriptor,
    })
}

/// An 8-bit image of `width` × `height` pixels in `space`, all black.
pub fn image(pdf: &mut TestPdf, width: i64, height: i64, space: &str) -> ObjectId {
    let channels = match space {
        "DeviceRGB" => 3,
        "DeviceCMYK" => 4,
        _ => 1,
    };
    let data = vec![0u8; (width * height * channels) as usize];
    let dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => width,
        "Height" => height,
        "ColorSpace" => space,
        "BitsPerComponent" => 8,
    };
    pdf.add(Stream::new(dict, data))
}

/// The messages of the findings with `severity`.
pub fn messages(preflight: &Preflight, severity: Severity) -> Vec<String> {
    preflight
        .findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| f.message.clone())
        .collect()
}

/// Rules for a file meant for print.
pub fn for_print() -> Rules {
    Rules { intent: Some(bulletin::issue::model::Profile::Print), multiple: None }
}
