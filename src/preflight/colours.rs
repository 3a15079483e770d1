//! Colour spaces and inks: what a PDF paints with, and whether a press can print it.

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
    /// Several named inks at once.
    DeviceN {
        /// The inks' names.
        names: Vec<String>,
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
            ColourSpace::DeviceN { names } => vec![1.0; names.len()],
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
            ColourSpace::DeviceN { names } => write!(f, "DeviceN ({})", names.join(", ")),
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
}

/// An ink a press prints with, or colour that is not yet ink.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Ink {
    /// Process cyan.
    Cyan,
    /// Process magenta.
    Magenta,
    /// Process yellow.
    Yellow,
    /// Process black (K).
    Black,
    /// A named spot ink.
    Spot(String),
    /// Colour a press has to convert into inks (RGB, ICC-based, CIE-based).
    NotInk(String),
}

impl fmt::Display for Ink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ink::Cyan => f.write_str("C"),
            Ink::Magenta => f.write_str("M"),
            Ink::Yellow => f.write_str("Y"),
            Ink::Black => f.write_str("K"),
            Ink::Spot(name) => f.write_str(name),
            Ink::NotInk(space) => write!(f, "{space} (not ink)"),
        }
    }
}

/// The inks `colour` prints with; unknown components count as every ink of the space.
pub fn inks(colour: &Colour) -> Vec<Ink> {
    let given = |i: usize| colour.components.get(i).copied();
    let nonzero = |i: usize| given(i).is_none_or(|v| v > 0.0);
    match &colour.space {
        ColourSpace::DeviceGray => {
            if given(0).is_none_or(|v| v < 1.0) {
                vec![Ink::Black]
            } else {
                Vec::new()
            }
        }
        ColourSpace::DeviceCmyk => [Ink::Cyan, Ink::Magenta, Ink::Yellow, Ink::Black]
            .into_iter()
            .enumerate()
            .filter(|(i, _)| nonzero(*i))
            .map(|(_, ink)| ink)
            .collect(),
        ColourSpace::Separation { name, .. } => {
            if !nonzero(0) {
                Vec::new()
            } else {
                named_ink(name)
            }
        }
        ColourSpace::DeviceN { names } => names
            .iter()
            .enumerate()
            .filter(|(i, _)| nonzero(*i))
            .flat_map(|(_, name)| named_ink(name))
            .collect(),
        ColourSpace::Indexed { base } | ColourSpace::Pattern { base: Some(base) } => {
            inks(&Colour::any_in((**base).clone()))
        }
        ColourSpace::Pattern { base: None } => Vec::new(),
        other => vec![Ink::NotInk(other.to_string())],
    }
}

/// The inks a colorant name stands for: the process names, All, None, or a spot ink.
fn named_ink(name: &str) -> Vec<Ink> {
    match name {
        "Cyan" => vec![Ink::Cyan],
        "Magenta" => vec![Ink::Magenta],
        "Yellow" => vec![Ink::Yellow],
        "Black" => vec![Ink::Black],
        "None" => Vec::new(),
        "All" => vec![Ink::Cyan, Ink::Magenta, Ink::Yellow, Ink::Black],
        spot => vec![Ink::Spot(spot.to_owned())],
    }
}

/// What colour the text of a page is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextInk {
    /// The page shows no text.
    NoText,
    /// Every glyph is painted in black ink alone (DeviceGray, or CMYK with K only).
    BlackOnly,
    /// Text is painted with these inks, or colour that is not ink.
    Mixed(Vec<Ink>),
}

impl fmt::Display for TextInk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextInk::NoText => f.write_str("none"),
            TextInk::BlackOnly => f.write_str("K only"),
            TextInk::Mixed(inks) => f.write_str(&join(inks, " + ")),
        }
    }
}

/// Joins displayable items with `separator`.
pub fn join<T: fmt::Display>(items: &[T], separator: &str) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colour(space: ColourSpace, components: &[f32]) -> Colour {
        Colour { space, components: components.to_vec() }
    }

    #[test]
    fn black_ink_is_grey_or_k_alone() {
        assert_eq!(inks(&colour(ColourSpace::DeviceCmyk, &[0.0, 0.0, 0.0, 1.0])), [Ink::Black]);
        assert_eq!(inks(&colour(ColourSpace::DeviceGray, &[0.2])), [Ink::Black]);
        assert!(inks(&colour(ColourSpace::DeviceGray, &[1.0])).is_empty(), "white is no ink");
        let rich = inks(&colour(ColourSpace::DeviceCmyk, &[0.6, 0.4, 0.4, 1.0]));
        assert_eq!(rich.len(), 4);
    }

    #[test]
    fn spot_inks_and_screen_colour_are_told_apart() {
        let spot = ColourSpace::Separation {
            name: "PANTONE 485 C".into(),
            alternate: Box::new(ColourSpace::DeviceCmyk),
        };
        assert_eq!(inks(&colour(spot.clone(), &[1.0])), [Ink::Spot("PANTONE 485 C".into())]);
        assert_eq!(spot.print_problem(), None);
        let grey = ColourSpace::IccBased { components: 1 };
        assert_eq!(inks(&colour(grey.clone(), &[0.0])), [Ink::NotInk("ICC grey".into())]);
        assert_eq!(grey.print_problem(), Some("ICC-based"));
        assert_eq!(ColourSpace::DeviceRgb.print_problem(), Some("RGB"));
        let indexed = ColourSpace::Indexed { base: Box::new(ColourSpace::DeviceRgb) };
        assert!(indexed.is_rgb());
        assert_eq!(indexed.print_problem(), Some("RGB"));
    }
}
