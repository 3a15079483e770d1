//! The allocator's settings. Typesetting allocates and frees many small objects, which
//! mimalloc does fast; left to itself it also backs its memory with transparent huge
//! pages, so that every first touch of a 2 MB block zeroes all of it: a cold build of the
//! sample then spends more time in the kernel zeroing pages than in some of its stages,
//! and its peak memory is 160 MiB instead of 115. A server that keeps issues open for
//! hours must also give what it freed back to the system.

use libmimalloc_sys::{mi_collect, mi_option_set, mi_option_t};

// mimalloc's options by their number in `mi_option_e` (mimalloc.h of mimalloc v3, which
// libmimalloc-sys 0.1.49 builds unless its feature `v2` is on; it names only some of
// them, and v2 numbers them differently: see the test below).
/// Milliseconds before freed memory is purged (1000 by default in v3).
const PURGE_DELAY: mi_option_t = 15;
/// Whether memory may be backed by transparent huge pages.
const ALLOW_THP: mi_option_t = 44;

/// No transparent huge pages for this process: a 2 MB page is zeroed whole on its first
/// touch and stays resident while any byte of it is used. Call first thing in `main`,
/// before other threads run; every command does.
pub fn no_huge_pages() {
    // SAFETY: setting an option has no preconditions; with another global allocator it
    // only configures mimalloc's unused heap. prctl with PR_SET_THP_DISABLE takes no
    // pointers and affects only this process (and its children).
    unsafe {
        mi_option_set(ALLOW_THP, 0);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// For the desk: freed memory purged at once (mimalloc v3 also frees the pages of threads
/// that ended once their last block is freed). Call once, at the start, before the
/// desk's threads run.
pub(crate) fn purge_at_once() {
    // SAFETY: setting an option has no preconditions.
    unsafe { mi_option_set(PURGE_DELAY, 0) }
}

/// For a process that ends after one build: freed memory is kept for reuse until the
/// process ends, never handed back to the system page by page (which mimalloc v3 does a
/// second after a block is freed, by default). Call before the build.
pub(crate) fn keep_freed_memory() {
    // SAFETY: setting an option has no preconditions.
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}

/// Returns the memory this thread's allocations freed to the system: the allocator keeps
/// freed pages for reuse, which for a worker whose rebuild just dropped the previous
/// build's pages (or whose engine just went) is tens of megabytes nobody will reuse soon.
/// `force` also purges at once what the allocator had set aside to give back later.
pub(crate) fn give_back_freed(force: bool) {
    // SAFETY: mi_collect has no preconditions.
    unsafe { mi_collect(force) }
}

/// Has every thread of the shared thread pool (rayon's, on which Typst and the PDF writer
/// work in parallel) return what was freed in its pages. Those threads live as long as
/// the process, and a block one of them allocated stays counted in its page when another
/// thread frees it (Typst's results and an issue's pages, dropped when the issue goes to
/// sleep) until the owner collects, which an idle thread never does: the page stays
/// resident. Waits until each thread is free to do it.
fn pool_gives_back_freed() {
    rayon::broadcast(|_| give_back_freed(true));
}

/// This thread and the shared pool's give back what was freed in their pages (see
/// [`pool_gives_back_freed`]).
pub(crate) fn this_thread_and_pool_give_back_freed() {
    give_back_freed(true);
    pool_gives_back_freed();
}

#[cfg(test)]
mod tests {
    use libmimalloc_sys::mi_option_get;

    /// The numbers above are v3's: options nobody sets have v3's defaults under them
    /// (under v2's numbering, 34 is a guard's sample seed, 0, and 37 allows huge pages).
    #[test]
    fn options_are_numbered_as_in_mimalloc_v3() {
        // SAFETY: reading an option has no preconditions.
        let (generic_collect, page_max_candidates) =
            unsafe { (mi_option_get(34), mi_option_get(37)) };
        assert_eq!((generic_collect, page_max_candidates), (10_000, 4));
    }
}
