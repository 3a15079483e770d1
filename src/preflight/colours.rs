//! Colours and inks: what a PDF paints with, and whether a press can print it (the
//! colour spaces themselves are read by [`crate::pdf::colour_space`]).

use std::fmt;

use serde::Serialize;

pub use crate::pdf::colour_space::Colour;
use crate::pdf::colour_space::ColourSpace;

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
        ColourSpace::DeviceN { names, .. } => names
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
