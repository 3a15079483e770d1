//! The desk's memory: a server that keeps issues open for hours, and puts them to sleep
//! when nobody has them open, must give what it freed back to the system. The allocator
//! (mimalloc) keeps freed pages for reuse and lets huge pages pin whole 2 MB blocks; these
//! settings make it return them at once, and when a worker's thread ends.

use libmimalloc_sys::{mi_collect, mi_option_set, mi_option_t};

// mimalloc's options by their number in `mi_option_e` (mimalloc.h, v2, as vendored by
// libmimalloc-sys 0.1.49, which names only some of them).
/// Free pages of a thread that ended are purged.
const ABANDONED_PAGE_PURGE: mi_option_t = 12;
/// Milliseconds before freed memory is purged (10 by default).
const PURGE_DELAY: mi_option_t = 15;
/// Whether memory may be backed by transparent huge pages.
const ALLOW_THP: mi_option_t = 37;

/// Sets the allocator up for the desk: freed memory purged at once, free pages of ended
/// threads purged, no transparent huge pages (a 2 MB page stays resident while any byte
/// of it is used). Call once, at the start, before the desk's threads run.
pub(crate) fn configure_allocator() {
    // SAFETY: setting options has no preconditions; with another global allocator they
    // only configure mimalloc's unused heap.
    unsafe {
        mi_option_set(PURGE_DELAY, 0);
        mi_option_set(ABANDONED_PAGE_PURGE, 1);
        mi_option_set(ALLOW_THP, 0);
    }
}

/// Returns the memory this thread's allocations freed to the system: the allocator keeps
/// freed pages for reuse, which for a worker whose rebuild just dropped the previous
/// build's pages (or whose engine just went) is tens of megabytes nobody will reuse soon.
/// `force` also frees what threads that ended left behind.
pub(crate) fn give_back_freed(force: bool) {
    // SAFETY: mi_collect has no preconditions.
    unsafe { mi_collect(force) }
}
