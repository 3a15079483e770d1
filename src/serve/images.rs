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

/// How many bytes of images an issue keeps at most: about two builds' changed pages and
/// one whole issue at the resolution in use (a page at 96 ppi is 300–500 KB), so that an
/// issue edited for hours holds no more than this.
const CACHED_BYTES: usize = 16 << 20;

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
    /// The bytes of the images drawn and kept.
    bytes: usize,
    /// The resolution last asked for: a build's changed pages are drawn at it at once.
    preferred: Option<u32>,
}

impl Inner {
    /// Counts `added` bytes just drawn, then forgets the oldest images until those kept
    /// fit [`CACHED_BYTES`] (the newest is always kept). An image being drawn still
    /// reaches whoever waits for it.
    fn keep_within_budget(&mut self, added: usize) {
        self.bytes += added;
        while self.bytes > CACHED_BYTES && self.order.len() > 1 {
            let Some(old) = self.order.pop_front() else { break };
            if let Some(slot) = self.images.remove(&old) {
                let size = slot.get().and_then(|drawn| drawn.as_ref().ok()).map_or(0, Bytes::len);
                self.bytes = self.bytes.saturating_sub(size);
            }
        }
    }
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
                    (slot, Some(page))
                }
            }
        };
        let drew = page.is_some();
        let drawn = slot.get_or_init(|| {
            let page = page.ok_or("the page was forgotten before it was drawn")?;
            encode_png(&rasterize(&page, ppi), Compression::Fast)
                .map(Bytes::from)
                .map_err(|err| err.to_string())
        });
        if drew {
            let mut inner = self.lock();
            // Counted only while kept: one forgotten while it was drawn is not.
            let key = (fp.to_owned(), ppi);
            if inner.images.get(&key).is_some_and(|kept| Arc::ptr_eq(kept, &slot)) {
                inner.keep_within_budget(drawn.as_ref().map_or(0, Bytes::len));
            }
        }
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
    fn the_oldest_images_go_once_the_kept_ones_pass_the_budget() {
        let mut inner = Inner::default();
        let image = CACHED_BYTES / 3 + 1;
        for n in 0..4 {
            let key = (format!("fp{n}"), 96);
            let slot = Slot::default();
            let _ = slot.set(Ok(Bytes::from(vec![0; image])));
            inner.images.insert(key.clone(), slot);
            inner.order.push_back(key);
            inner.keep_within_budget(image);
            assert!(inner.bytes <= CACHED_BYTES, "{} bytes kept after image {n}", inner.bytes);
        }
        let kept: Vec<&str> = inner.order.iter().map(|(fp, _)| fp.as_str()).collect();
        assert_eq!(kept, ["fp2", "fp3"]);
        assert_eq!(inner.images.len(), 2);
        assert_eq!(inner.bytes, 2 * image);
    }

    #[test]
    fn resolutions_snap_to_the_offered_steps() {
        assert_eq!(nearest_ppi(0), 48);
        assert_eq!(nearest_ppi(100), 96);
        assert_eq!(nearest_ppi(5000), 192);
    }
}
