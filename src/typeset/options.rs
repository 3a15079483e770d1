//! What a build outputs: the profile, and for print the bleed, crop marks and page padding.

use std::fmt;
use std::str::FromStr;

use anyhow::{Result, bail};

use crate::diag::Text;
use crate::issue::model::{Profile, Publication};

/// The largest bleed accepted; print shops ask for 2 to 5 mm.
const MAX_BLEED_MM: f64 = 20.0;

/// How far the sheet extends past the trimmed page, as given (`3mm`, `0.125in`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bleed {
    amount: f64,
    unit: LengthUnit,
}

/// The units a bleed may be given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LengthUnit {
    Mm,
    Cm,
    In,
    Pt,
}

impl LengthUnit {
    const ALL: [LengthUnit; 4] = [LengthUnit::Mm, LengthUnit::Cm, LengthUnit::In, LengthUnit::Pt];

    fn suffix(self) -> &'static str {
        match self {
            LengthUnit::Mm => "mm",
            LengthUnit::Cm => "cm",
            LengthUnit::In => "in",
            LengthUnit::Pt => "pt",
        }
    }

    fn millimetres(self) -> f64 {
        match self {
            LengthUnit::Mm => 1.0,
            LengthUnit::Cm => 10.0,
            LengthUnit::In => 25.4,
            LengthUnit::Pt => 25.4 / 72.0,
        }
    }
}

impl Bleed {
    /// The bleed in millimetres.
    pub fn millimetres(&self) -> f64 {
        self.amount * self.unit.millimetres()
    }

    /// Whether there is no bleed at all.
    pub fn is_zero(&self) -> bool {
        self.amount == 0.0
    }
}

impl FromStr for Bleed {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let unit = LengthUnit::ALL
            .into_iter()
            .find(|unit| text.ends_with(unit.suffix()))
            .ok_or_else(|| format!("`{s}` is not a length: write it with a unit, such as 3mm"))?;
        let number = text[..text.len() - unit.suffix().len()].trim();
        // Digits and one point only: the layouts read the same form back.
        let plain = !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && number.bytes().filter(|&b| b == b'.').count() <= 1
            && !number.starts_with('.')
            && !number.ends_with('.');
        let amount: f64 = match number.parse() {
            Ok(amount) if plain => amount,
            _ => {
                return Err(format!(
                    "`{s}` is not a length: write it as a number and a unit, such as 3mm"
                ));
            }
        };
        let bleed = Bleed { amount, unit };
        if bleed.millimetres() > MAX_BLEED_MM {
            return Err(format!(
                "a bleed of {s} is more than {MAX_BLEED_MM}mm: print shops ask for 2 to 5mm"
            ));
        }
        Ok(bleed)
    }
}

impl fmt::Display for Bleed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit.suffix())
    }
}

/// What a build is asked to output, beyond the issue itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutputOptions {
    /// The profile; `None` takes the publication's.
    pub profile: Option<Profile>,
    /// Print only: how far the sheet extends past the trimmed page.
    pub bleed: Option<Bleed>,
    /// Print only: whether to draw crop marks.
    pub marks: bool,
    /// Print only: pad the page count to a multiple of this with blank pages before the last.
    pub pad: Option<u32>,
    /// Print only: the PDF/X level; `None` takes the publication's, else PDF/X-4.
    pub pdfx: Option<crate::issue::model::PdfxLevel>,
}

impl OutputOptions {
    /// The profile these options choose for an issue of `publication`.
    pub fn profile_for(&self, publication: &Publication) -> Profile {
        self.profile.unwrap_or(publication.profile)
    }

    /// The layouts' inputs for `profile`, refusing print-only options for the screen.
    pub fn layout_inputs(&self, profile: Profile) -> Result<LayoutInputs> {
        let bleed = self.bleed.filter(|bleed| !bleed.is_zero());
        if profile == Profile::Screen {
            let extras: Vec<&str> = [
                (bleed.is_some(), "--bleed"),
                (self.marks, "--marks"),
                (self.pad.is_some(), "--pad"),
                (self.pdfx.is_some(), "--pdfx"),
            ]
            .into_iter()
            .filter_map(|(given, name)| given.then_some(name))
            .collect();
            if !extras.is_empty() {
                let id = if extras.len() == 1 { "print-only-option" } else { "print-only-options" };
                bail!(Text::new(id).arg("options", extras.join(", ")));
            }
        }
        Ok(LayoutInputs { profile, bleed, marks: self.marks, blank_pages: 0 })
    }
}

/// The inputs the layouts receive besides the issue data (`sys.inputs`), as text, the
/// way the stock typst CLI passes `--input key=value`.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutInputs {
    /// Which colours the layouts use.
    pub profile: Profile,
    /// How far the sheet extends past the trimmed page.
    pub bleed: Option<Bleed>,
    /// Whether to draw crop marks.
    pub marks: bool,
    /// How many blank pages to typeset after the last page, to be moved before it.
    pub blank_pages: usize,
}

impl LayoutInputs {
    /// The default inputs for `profile`: no bleed, no marks, no blank pages.
    #[cfg(test)]
    fn new(profile: Profile) -> Self {
        Self { profile, bleed: None, marks: false, blank_pages: 0 }
    }

    /// The inputs as `(key, value)` pairs; defaults are left out, as the layouts assume them.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("profile", self.profile.name().to_owned())];
        if let Some(bleed) = self.bleed {
            pairs.push(("bleed", bleed.to_string()));
        }
        if self.marks {
            pairs.push(("marks", "true".to_owned()));
        }
        if self.blank_pages > 0 {
            pairs.push(("blank-pages", self.blank_pages.to_string()));
        }
        pairs
    }
}

/// How many blank pages bring `pages` up to a multiple of `multiple`.
pub fn blank_pages_needed(pages: usize, multiple: u32) -> usize {
    let multiple = multiple.max(1) as usize;
    (multiple - pages % multiple) % multiple
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bleeds_read_in_every_unit() {
        assert_eq!("3mm".parse::<Bleed>().unwrap().to_string(), "3mm");
        assert!(("0.125in".parse::<Bleed>().unwrap().millimetres() - 3.175).abs() < 1e-9);
        assert!(("0.3cm".parse::<Bleed>().unwrap().millimetres() - 3.0).abs() < 1e-9);
        assert_eq!("8.5 pt".parse::<Bleed>().unwrap().to_string(), "8.5pt");
        assert!("0mm".parse::<Bleed>().unwrap().is_zero());
    }

    #[test]
    fn bleeds_without_unit_sign_or_sense_are_refused() {
        for bad in ["3", "mm", "-3mm", "3 mm mm", "1e1mm", ".5mm", "3.mm", "21mm", "1in"] {
            assert!(bad.parse::<Bleed>().is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn padding_reaches_the_next_multiple() {
        assert_eq!(blank_pages_needed(25, 4), 3);
        assert_eq!(blank_pages_needed(28, 4), 0);
        assert_eq!(blank_pages_needed(1, 2), 1);
    }

    #[test]
    fn print_extras_are_refused_for_the_screen() {
        let options = OutputOptions { marks: true, pad: Some(4), ..OutputOptions::default() };
        let err = options.layout_inputs(Profile::Screen).unwrap_err().to_string();
        assert!(err.contains("--marks, --pad"), "{err}");
        assert!(options.layout_inputs(Profile::Print).is_ok());
    }

    #[test]
    fn inputs_leave_defaults_out() {
        let inputs = LayoutInputs::new(Profile::Screen);
        assert_eq!(inputs.pairs(), [("profile", "screen".to_owned())]);
        let inputs = LayoutInputs {
            bleed: Some("3mm".parse().unwrap()),
            marks: true,
            blank_pages: 3,
            ..LayoutInputs::new(Profile::Print)
        };
        let keys: Vec<&str> = inputs.pairs().iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["profile", "bleed", "marks", "blank-pages"]);
    }
}
