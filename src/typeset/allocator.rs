//! The program's allocator: mimalloc, which can be told to keep a few large freed blocks
//! for the next allocation of their size instead of handing their memory back at once.
//!
//! The desk has mimalloc give freed memory back to the system at once (see
//! [`super::memory`]), so that an issue edited for hours holds no more than it uses. Its
//! page images pay for that: every page drawn allocates a canvas of several megabytes
//! (3.6 MB at 96 ppi) and its pixels as RGB (2.7 MB), and every byte of those, given back
//! when the last page was done, is faulted in and zeroed again by the kernel page by page.
//! Under a stream of edits that was a sixth of the desk's CPU time. Kept here, a block
//! of the same size is reused as it is, and a block unused for a while is given back
//! ([`release_kept_blocks`]), so that an idle desk holds none of them.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use mimalloc::MiMalloc;

/// The smallest block kept: a page image's canvas is 2 MB at 72 ppi, 3.6 MB at 96 ppi.
/// Smaller blocks come and go in typesetting too, in every size.
const LARGE: usize = 1 << 20;

/// How many blocks are kept at most: two pages drawn at once hold two canvases and two
/// RGB images; the blocks freed longest ago make room for new ones.
const KEPT_BLOCKS: usize = 6;

/// How many bytes are kept at most: two canvases at 192 ppi.
const KEPT_BYTES: usize = 32 << 20;

/// Whether large freed blocks are kept ([`keep_large_blocks`]); off unless asked.
static KEEPING: AtomicBool = AtomicBool::new(false);

/// The blocks kept, with their size and when they were freed.
static KEPT: Mutex<Kept> = Mutex::new(Kept { blocks: [None; KEPT_BLOCKS], bytes: 0 });

/// mimalloc, keeping large freed blocks for reuse once [`keep_large_blocks`] is called.
pub struct Allocator;

#[derive(Clone, Copy)]
struct Block {
    ptr: *mut u8,
    layout: Layout,
    freed: Instant,
}

/// What became of a block offered to those kept.
enum Keeping {
    Kept,
    /// Not yet: this block, freed longest ago, went to make room; the caller frees it.
    MakeRoom(Block),
    /// Larger than all that may be kept.
    TooLarge,
}

struct Kept {
    blocks: [Option<Block>; KEPT_BLOCKS],
    bytes: usize,
}

// SAFETY: the pointers are blocks nobody else uses until they are handed out again.
unsafe impl Send for Kept {}

impl Kept {
    /// Takes the block kept for exactly `layout`, if any.
    fn take(&mut self, layout: Layout) -> Option<*mut u8> {
        let slot = self.blocks.iter_mut().find(|slot| slot.is_some_and(|b| b.layout == layout))?;
        let block = slot.take()?;
        self.bytes -= block.layout.size();
        Some(block.ptr)
    }

    /// Keeps `ptr`, or says which block must go first to make room for it: the one freed
    /// longest ago.
    fn keep(&mut self, ptr: *mut u8, layout: Layout, now: Instant) -> Keeping {
        if layout.size() > KEPT_BYTES {
            return Keeping::TooLarge;
        }
        let free_slot = self.blocks.iter().position(Option::is_none);
        match free_slot {
            Some(slot) if self.bytes + layout.size() <= KEPT_BYTES => {
                self.blocks[slot] = Some(Block { ptr, layout, freed: now });
                self.bytes += layout.size();
                Keeping::Kept
            }
            _ => {
                let oldest = self
                    .blocks
                    .iter_mut()
                    .filter(|slot| slot.is_some())
                    .min_by_key(|slot| slot.map(|block| block.freed));
                match oldest.and_then(Option::take) {
                    Some(old) => {
                        self.bytes -= old.layout.size();
                        Keeping::MakeRoom(old)
                    }
                    None => Keeping::TooLarge,
                }
            }
        }
    }

    /// Takes out one block freed longer than `unused` ago (before `now`).
    fn take_unused(&mut self, now: Instant, unused: Duration) -> Option<Block> {
        let slot = self
            .blocks
            .iter_mut()
            .find(|slot| slot.is_some_and(|b| now.saturating_duration_since(b.freed) >= unused))?;
        let block = slot.take()?;
        self.bytes -= block.layout.size();
        Some(block)
    }
}

fn kept() -> std::sync::MutexGuard<'static, Kept> {
    KEPT.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A kept block for `layout`, if the desk keeps blocks and one was kept for exactly that
/// layout; the lock is held only while it is taken.
#[inline(never)]
fn take_kept(layout: Layout) -> Option<*mut u8> {
    if !KEEPING.load(Ordering::Relaxed) {
        return None;
    }
    kept().take(layout)
}

/// Keeps the freed block `ptr` of `layout`, if the desk keeps blocks, making room as
/// needed; `false` when it is not kept and must go back to mimalloc.
///
/// # Safety
///
/// As for [`GlobalAlloc::dealloc`].
#[inline(never)]
unsafe fn keep_freed(ptr: *mut u8, layout: Layout) -> bool {
    if !KEEPING.load(Ordering::Relaxed) {
        return false;
    }
    let now = Instant::now();
    loop {
        let keeping = kept().keep(ptr, layout, now);
        match keeping {
            Keeping::Kept => return true,
            // SAFETY: a kept block is mimalloc's, allocated for this layout, and nobody's.
            Keeping::MakeRoom(old) => unsafe { MiMalloc.dealloc(old.ptr, old.layout) },
            Keeping::TooLarge => return false,
        }
    }
}

// SAFETY: every block handed out is one mimalloc allocated for exactly that layout (kept
// blocks are only given for the layout they were freed with), and every block freed goes
// either to mimalloc or into the kept blocks, from which it is handed out or freed later.
// Inlined, so that an allocation smaller than [`LARGE`] costs one comparison more than
// mimalloc's own.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= LARGE
            && let Some(ptr) = take_kept(layout)
        {
            return ptr;
        }
        // SAFETY: the caller's guarantees, passed on.
        unsafe { MiMalloc.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= LARGE
            && let Some(ptr) = take_kept(layout)
        {
            // SAFETY: the block is `layout.size()` bytes long and nobody else's.
            unsafe { ptr.write_bytes(0, layout.size()) };
            return ptr;
        }
        // SAFETY: the caller's guarantees, passed on.
        unsafe { MiMalloc.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's guarantees, passed on.
        if layout.size() >= LARGE && unsafe { keep_freed(ptr, layout) } {
            return;
        }
        // SAFETY: the caller's guarantees, passed on.
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's guarantees, passed on; a block handed out from those kept
        // is mimalloc's, for this layout.
        unsafe { MiMalloc.realloc(ptr, layout, new_size) }
    }
}

/// From now on, large freed blocks are kept for reuse (at most [`KEPT_BLOCKS`] of them,
/// [`KEPT_BYTES`] in all) until [`release_kept_blocks`] gives them back.
pub(crate) fn keep_large_blocks() {
    KEEPING.store(true, Ordering::Relaxed);
}

/// Gives back to mimalloc the kept blocks freed longer than `unused` ago.
pub(crate) fn release_kept_blocks(unused: Duration) {
    let now = Instant::now();
    loop {
        // One at a time, the lock not held while mimalloc frees.
        let taken = kept().take_unused(now, unused);
        let Some(block) = taken else { break };
        // SAFETY: a kept block is mimalloc's, allocated for this layout, and nobody's.
        unsafe { MiMalloc.dealloc(block.ptr, block.layout) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize) -> Layout {
        Layout::from_size_align(size, 16).expect("a layout")
    }

    fn nothing_kept() -> Kept {
        Kept { blocks: [None; KEPT_BLOCKS], bytes: 0 }
    }

    #[test]
    fn a_block_is_handed_out_again_only_for_its_own_layout() {
        let mut kept = nothing_kept();
        let mut block = vec![0_u8; 1];
        let ptr = block.as_mut_ptr();
        assert!(matches!(kept.keep(ptr, layout(LARGE), Instant::now()), Keeping::Kept));
        assert_eq!(kept.bytes, LARGE);
        assert_eq!(kept.take(layout(LARGE + 1)), None);
        assert_eq!(kept.take(Layout::from_size_align(LARGE, 32).expect("a layout")), None);
        assert_eq!(kept.take(layout(LARGE)), Some(ptr));
        assert_eq!((kept.take(layout(LARGE)), kept.bytes), (None, 0));
    }

    #[test]
    fn the_block_freed_longest_ago_makes_room_for_a_new_one() {
        let mut kept = nothing_kept();
        let start = Instant::now();
        let ptr = |n: usize| std::ptr::without_provenance_mut::<u8>(4096 * (n + 1));
        for n in 0..KEPT_BLOCKS {
            let freed = start + Duration::from_millis(10 * (KEPT_BLOCKS - n) as u64);
            assert!(matches!(kept.keep(ptr(n), layout(LARGE), freed), Keeping::Kept));
        }
        // Full: the last one kept was freed first.
        let now = start + Duration::from_secs(1);
        let gone = |keeping| match keeping {
            Keeping::MakeRoom(old) => old.ptr,
            _ => panic!("no room made"),
        };
        assert_eq!(gone(kept.keep(ptr(99), layout(LARGE), now)), ptr(KEPT_BLOCKS - 1));
        assert!(matches!(kept.keep(ptr(99), layout(LARGE), now), Keeping::Kept));
        // Too many bytes: as many go as it takes.
        let big = layout(KEPT_BYTES - LARGE);
        let mut made_room = 0;
        while let Keeping::MakeRoom(_) = kept.keep(ptr(100), big, now) {
            made_room += 1;
        }
        assert_eq!((made_room, kept.bytes), (KEPT_BLOCKS - 1, KEPT_BYTES));
        assert!(matches!(kept.keep(ptr(101), layout(KEPT_BYTES + 1), now), Keeping::TooLarge));
    }

    #[test]
    fn only_blocks_unused_long_enough_are_released() {
        let mut kept = nothing_kept();
        let ptr = std::ptr::NonNull::<u8>::dangling().as_ptr();
        let freed = Instant::now();
        assert!(matches!(kept.keep(ptr, layout(LARGE), freed), Keeping::Kept));
        let unused = Duration::from_secs(1);
        assert!(kept.take_unused(freed, unused).is_none());
        assert!(kept.take_unused(freed + unused, unused).is_some());
        assert_eq!(kept.bytes, 0);
    }
}
