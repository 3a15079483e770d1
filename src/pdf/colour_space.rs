//! Colour spaces as PDF writes them, read once for the writer (which converts images for
//! PDF/X-1a) and the readers (which judge what a press can print).

use std::fmt;

use lopdf::{Document, Object};
use serde::Serialize;

/// A colour space, as a print shop names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ColourSpace {
    /// Device grey: printed with black ink.
    DeviceGray,
    /// Device RGB: screen colour, which a press must guess inks for.
    DeviceRgb,
    /// Device CMYK: the four process inks.
    DeviceCmyk,
    /// An ICC profile's space with this many components (1 grey, 3 RGB, 4 CMYK).
    IccBased {
        /// Number of colour components.
        components: u8,
    },
    /// CIE-based grey.
    CalGray,
    /// CIE-based RGB.
    CalRgb,
    /// CIE L*a*b*.
    Lab,
    /// A named spot ink, with the space it falls back to without that ink.
    Separation {
        /// The ink's name (PANTONE 485 C).
        name: String,
        /// The fallback space.
        alternate: Box<ColourSpace>,
    },
    /// Several named inks at once, with the space they fall back to without them.
    DeviceN {
        /// The inks' names.
        names: Vec<String>,
        /// The fallback space.
        alternate: Box<ColourSpace>,
    },
    /// A palette of colours in the base space.
    Indexed {
        /// The palette's space.
        base: Box<ColourSpace>,
    },
    /// A pattern; for uncoloured patterns, the space of the colour they are painted in.
    Pattern {
        /// The underlying space of an uncoloured pattern.
        base: Option<Box<ColourSpace>>,
    },
    /// Something this tool does not recognize.
    Unknown {
        /// What the PDF called it.
        name: String,
    },
}

/// The largest nesting of colour spaces followed (Indexed over Separation over ICC…).
const MAX_DEPTH: usize = 8;

impl ColourSpace {
    /// Reads a colour space object; names other than the device spaces must be resolved
    /// through the resources by the caller first.
    pub fn parse(doc: &Document, object: &Object) -> ColourSpace {
        Self::parse_at(doc, object, 0)
    }

    fn parse_at(doc: &Document, object: &Object, depth: usize) -> ColourSpace {
        let object = match doc.dereference(object) {
            Ok((_, object)) => object,
            Err(_) => return ColourSpace::unknown("a missing object"),
        };
        if depth > MAX_DEPTH {
            return ColourSpace::unknown("colour spaces nested too deep");
        }
        match object {
            Object::Name(name) => Self::from_name(name),
            Object::Array(items) => {
                let Some(family) = items.first().and_then(|o| o.as_name().ok()) else {
                    return ColourSpace::unknown("an array without a family name");
                };
                let item = |i: usize| items.get(i).map(|o| Self::parse_at(doc, o, depth + 1));
                match family {
                    b"ICCBased" => {
                        let n = items
                            .get(1)
                            .and_then(|o| doc.dereference(o).ok())
                            .and_then(|(_, o)| o.as_stream().ok())
                            .and_then(|s| s.dict.get(b"N").and_then(Object::as_i64).ok())
                            .unwrap_or(0);
                        ColourSpace::IccBased { components: u8::try_from(n).unwrap_or(0) }
                    }
                    b"CalGray" => ColourSpace::CalGray,
                    b"CalRGB" => ColourSpace::CalRgb,
                    b"Lab" => ColourSpace::Lab,
                    b"Separation" => ColourSpace::Separation {
                        name: items.get(1).map(name_text).unwrap_or_default(),
                        alternate: Box::new(item(2).unwrap_or(ColourSpace::unknown("none"))),
                    },
                    b"DeviceN" => ColourSpace::DeviceN {
                        names: items
                            .get(1)
                            .and_then(|o| doc.dereference(o).ok())
                            .and_then(|(_, o)| o.as_array().ok())
                            .map(|names| names.iter().map(name_text).collect())
                            .unwrap_or_default(),
                        alternate: Box::new(item(2).unwrap_or(ColourSpace::unknown("none"))),
                    },
                    b"Indexed" | b"I" => ColourSpace::Indexed {
                        base: Box::new(item(1).unwrap_or(ColourSpace::unknown("none"))),
                    },
                    b"Pattern" => ColourSpace::Pattern { base: item(1).map(Box::new) },
                    other => Self::from_name(other),
                }
            }
            _ => ColourSpace::unknown("not a name or an array"),
        }
    }

    /// The device spaces and their inline-image abbreviations; anything else is unknown.
    pub fn from_name(name: &[u8]) -> ColourSpace {
        match name {
            b"DeviceGray" | b"G" => ColourSpace::DeviceGray,
            b"DeviceRGB" | b"RGB" => ColourSpace::DeviceRgb,
            b"DeviceCMYK" | b"CMYK" => ColourSpace::DeviceCmyk,
            b"Pattern" => ColourSpace::Pattern { base: None },
            other => ColourSpace::unknown(&String::from_utf8_lossy(other)),
        }
    }

    /// Whether `name` is one of the spaces every page knows without resources.
    pub fn is_device_name(name: &[u8]) -> bool {
        !matches!(Self::from_name(name), ColourSpace::Unknown { .. })
    }

    fn unknown(name: &str) -> ColourSpace {
        ColourSpace::Unknown { name: name.to_owned() }
    }

    /// The components a colour in this space starts with when the space is selected.
    pub fn initial_components(&self) -> Vec<f32> {
        match self {
            ColourSpace::DeviceCmyk => vec![0.0, 0.0, 0.0, 1.0],
            ColourSpace::Separation { .. } => vec![1.0],
            ColourSpace::DeviceN { names, .. } => vec![1.0; names.len()],
            ColourSpace::DeviceGray | ColourSpace::CalGray | ColourSpace::Indexed { .. } => {
                vec![0.0]
            }
            ColourSpace::IccBased { components } => vec![0.0; usize::from(*components)],
            ColourSpace::DeviceRgb | ColourSpace::CalRgb | ColourSpace::Lab => vec![0.0; 3],
            ColourSpace::Pattern { .. } | ColourSpace::Unknown { .. } => Vec::new(),
        }
    }

    /// Why a press cannot print this space as it is, if it cannot.
    pub fn print_problem(&self) -> Option<&'static str> {
        match self {
            ColourSpace::DeviceRgb | ColourSpace::CalRgb => Some("RGB"),
            ColourSpace::IccBased { .. } => Some("ICC-based"),
            ColourSpace::CalGray | ColourSpace::Lab => Some("CIE-based"),
            ColourSpace::Indexed { base } => base.print_problem(),
            ColourSpace::Pattern { base: Some(base) } => base.print_problem(),
            ColourSpace::Unknown { .. } => Some("unrecognized"),
            _ => None,
        }
    }

    /// Whether this is RGB colour, device, calibrated or ICC-based.
    pub fn is_rgb(&self) -> bool {
        match self {
            ColourSpace::DeviceRgb | ColourSpace::CalRgb => true,
            ColourSpace::IccBased { components } => *components == 3,
            ColourSpace::Indexed { base } => base.is_rgb(),
            ColourSpace::Pattern { base: Some(base) } => base.is_rgb(),
            _ => false,
        }
    }
}

impl fmt::Display for ColourSpace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColourSpace::DeviceGray => f.write_str("DeviceGray"),
            ColourSpace::DeviceRgb => f.write_str("DeviceRGB"),
            ColourSpace::DeviceCmyk => f.write_str("DeviceCMYK"),
            ColourSpace::IccBased { components: 1 } => f.write_str("ICC grey"),
            ColourSpace::IccBased { components: 3 } => f.write_str("ICC RGB"),
            ColourSpace::IccBased { components: 4 } => f.write_str("ICC CMYK"),
            ColourSpace::IccBased { components } => write!(f, "ICC ({components} components)"),
            ColourSpace::CalGray => f.write_str("CalGray"),
            ColourSpace::CalRgb => f.write_str("CalRGB"),
            ColourSpace::Lab => f.write_str("Lab"),
            ColourSpace::Separation { name, alternate } => {
                write!(f, "spot “{name}” (fallback {alternate})")
            }
            ColourSpace::DeviceN { names, .. } => write!(f, "DeviceN ({})", names.join(", ")),
            ColourSpace::Indexed { base } => write!(f, "Indexed {base}"),
            ColourSpace::Pattern { base: None } => f.write_str("Pattern"),
            ColourSpace::Pattern { base: Some(base) } => write!(f, "Pattern over {base}"),
            ColourSpace::Unknown { name } => write!(f, "unknown ({name})"),
        }
    }
}

/// Reads a name object as text.
fn name_text(object: &Object) -> String {
    match object {
        Object::Name(name) => String::from_utf8_lossy(name).into_owned(),
        Object::String(text, _) => String::from_utf8_lossy(text).into_owned(),
        _ => String::new(),
    }
}

/// A colour: its space and, when known, its components.
#[derive(Debug, Clone, PartialEq)]
pub struct Colour {
    /// The space.
    pub space: ColourSpace,
    /// The components; empty when unknown (images, shadings), meaning "any".
    pub components: Vec<f32>,
}

impl Colour {
    /// The colour a page starts with: black in DeviceGray.
    pub fn initial() -> Colour {
        Colour { space: ColourSpace::DeviceGray, components: vec![0.0] }
    }

    /// A colour of `space` with components unknown.
    pub fn any_in(space: ColourSpace) -> Colour {
        Colour { space, components: Vec::new() }
    }

    /// Whether this is exactly 100% K in DeviceCMYK: the black that overprints.
    pub fn is_process_black(&self) -> bool {
        self.space == ColourSpace::DeviceCmyk && self.components == [0.0, 0.0, 0.0, 1.0]
    }
}
