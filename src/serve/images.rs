//! Page images by fingerprint: the pages of the last two builds are kept, each drawn once
//! per resolution (by `bulletin render`'s renderer) and cached, so that an unchanged page
//! is never drawn again and a changed one is drawn as soon as its build ends.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use typst_layout::Page;

use crate::export::png::{Compression, encode_png, rasterize};

/// The resolutions images are drawn at, as the session tells the client.
pub(crate) const PPI_STEPS: [u32; 5] = [48, 72, 96, 144, 192];

/// How many images are kept.
const CACHED_IMAGES: usize = 120;

/// How many builds' pages are kept.
const GENERATIONS: usize = 2;

/// One image, drawn by whoever asks first; others wait for it.
type Slot = Arc<OnceLock<Result<Bytes, String>>>;

/// The pages of the recent builds and their images.
#[derive(Default)]
pub(crate) struct PageImages {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    pages: HashMap<String, Page>,
    generations: VecDeque<Vec<String>>,
    images: HashMap<(String, u32), Slot>,
    order: VecDeque<(String, u32)>,
    /// The resolution last asked for: a build's changed pages are drawn at it at once.
    preferred: Option<u32>,
}

impl PageImages {
    /// Keeps the pages of a new build; pages only older builds had are forgotten.
    pub(crate) fn add_build(&self, pages: Vec<(String, Page)>) {
        let mut inner = self.lock();
        let fingerprints: Vec<String> = pages.iter().map(|(fp, _)| fp.clone()).collect();
        inner.pages.extend(pages);
        inner.generations.push_back(fingerprints);
        while inner.generations.len() > GENERATIONS {
            inner.generations.pop_front();
        }
        let kept: std::collections::HashSet<String> =
            inner.generations.iter().flatten().cloned().collect();
        inner.pages.retain(|fp, _| kept.contains(fp));
    }

    /// The resolution clients last asked for (96 before anybody asked).
    pub(crate) fn preferred_ppi(&self) -> u32 {
        self.lock().preferred.unwrap_or(96)
    }

    /// The PNG of the page `fp` at `ppi` (one of [`PPI_STEPS`]), drawn now unless it was
    /// drawn already or is being drawn; `None` when no build holds that page. Blocks.
    pub(crate) fn png(&self, fp: &str, ppi: u32, asked: bool) -> Option<Result<Bytes, String>> {
        let (slot, page) = {
            let mut inner = self.lock();
            if asked {
                inner.preferred = Some(ppi);
            }
            let key = (fp.to_owned(), ppi);
            match inner.images.get(&key) {
                Some(slot) => (slot.clone(), None),
                None => {
                    let page = inner.pages.get(fp)?.clone();
                    let slot = Slot::default();
                    inner.images.insert(key.clone(), slot.clone());
                    inner.order.push_back(key);
                    while inner.order.len() > CACHED_IMAGES {
                        if let Some(old) = inner.order.pop_front() {
                            inner.images.remove(&old);
                        }
                    }
                    (slot, Some(page))
                }
            }
        };
        let drawn = slot.get_or_init(|| {
            let page = page.ok_or("the page was forgotten before it was drawn")?;
            encode_png(&rasterize(&page, ppi), Compression::Fast)
                .map(Bytes::from)
                .map_err(|err| err.to_string())
        });
        Some(drawn.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The step of [`PPI_STEPS`] nearest to `ppi`.
pub(crate) fn nearest_ppi(ppi: u32) -> u32 {
    PPI_STEPS.into_iter().min_by_key(|step| step.abs_diff(ppi)).unwrap_or(96)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolutions_snap_to_the_offered_steps() {
        assert_eq!(nearest_ppi(0), 48);
        assert_eq!(nearest_ppi(100), 96);
        assert_eq!(nearest_ppi(5000), 192);
    }
}
