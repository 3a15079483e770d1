//! What printing asks of the material an issue holds: the resolution of its pictures at
//! the size they print, shared by the build's check and by preflight.

/// Below this effective resolution an image prints visibly soft: a warning.
pub const WARN_BELOW_PPI: f64 = 300.0;
/// Below this an image prints blocky: an error.
pub const FAIL_BELOW_PPI: f64 = 150.0;

/// Pixels per inch of a picture `pixels` across and down, printed `size_pt` points wide and
/// high: the lower of the two directions.
pub fn effective_ppi(pixels: (u32, u32), size_pt: (f64, f64)) -> f64 {
    let per_inch = |pixels: u32, points: f64| {
        if points > 0.0 { f64::from(pixels) / (points / 72.0) } else { f64::INFINITY }
    };
    per_inch(pixels.0, size_pt.0).min(per_inch(pixels.1, size_pt.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution_is_pixels_over_inches_the_lower_direction() {
        assert_eq!(effective_ppi((600, 300), (144.0, 144.0)), 150.0);
        assert_eq!(effective_ppi((600, 600), (0.0, 144.0)), 300.0);
    }
}
