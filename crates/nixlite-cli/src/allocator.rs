//! The global allocator, and its settings for a batch evaluator.
//!
//! An evaluation allocates and frees many small objects (thunks, frames,
//! sets); mimalloc is markedly faster at that than the system allocator.
//!
//! Two of mimalloc's defaults cost more than the allocations themselves on
//! a typical (virtualised) machine, where every first touch of a 4 KiB page
//! is a page fault: it uses small pages, and it hands freed memory back to
//! the OS after a short delay, to fault it in again moments later. Measured
//! on `bench/eval` (2-core VM), page faults were half of `drv-fanin`'s time
//! and a fifth of `list-pipeline`'s. So, unless the user set them
//! (`MIMALLOC_ALLOW_LARGE_OS_PAGES`, `MIMALLOC_PURGE_DELAY`), nixlite asks
//! for transparent huge pages and keeps freed memory until it exits.
//!
//! mimalloc reads its options when it initialises, in a constructor of
//! priority 101, before `main`, so they are set from an earlier one.

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc, mi_zalloc_aligned,
};
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// mimalloc as Rust's allocator.
///
/// The crate's `v2` build: on `bench/eval` it was 2–6% faster than v3 (its
/// default) with slightly lower peak memory; v3 abandons and reclaims
/// pages as they fill and empty, which an evaluator's churn pays for.
///
/// Unlike the `mimalloc` crate's wrapper, ordinary alignments go through
/// plain `mi_malloc`: `mi_malloc_aligned` takes a slow path whenever the
/// size class's free list is empty, and for sizes that are not a power of
/// two (a 48-byte thunk) it then over-allocates into a bigger size class.
/// That cost 5–10% of the time of call-heavy programs.
struct Mimalloc;

/// The alignment `mi_malloc` guarantees for blocks at least this big
/// (`MI_MAX_ALIGN_SIZE`); smaller blocks are aligned to their size.
const MIN_ALIGN: usize = 16;

fn plain(layout: &Layout) -> bool {
    layout.align() <= MIN_ALIGN && layout.align() <= layout.size()
}

// SAFETY: every function forwards to mimalloc's matching one, which returns
// blocks of at least the requested size and alignment (see `plain`), or null.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(&layout) {
            mi_malloc(layout.size()).cast()
        } else {
            mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(&layout) {
            mi_zalloc(layout.size()).cast()
        } else {
            mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi_free(ptr.cast::<c_void>())
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= MIN_ALIGN && layout.align() <= new_size {
            mi_realloc(ptr.cast(), new_size).cast()
        } else {
            mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
        }
    }
}

#[global_allocator]
static GLOBAL: Mimalloc = Mimalloc;

#[cfg(target_os = "linux")]
mod options {
    use std::ffi::{c_char, c_int, c_long};

    // mimalloc's `mi_option_t` values (include/mimalloc.h of the bundled
    // v2; v3 numbers these two the same).
    const ALLOW_LARGE_OS_PAGES: c_int = 6;
    const PURGE_DELAY: c_int = 15;

    extern "C" {
        fn mi_option_set(option: c_int, value: c_long);
        fn getenv(name: *const c_char) -> *const c_char;
    }

    /// Sets an option unless the environment gives it (no allocation here:
    /// the allocator is not initialised yet).
    fn set_default(env_name: &std::ffi::CStr, option: c_int, value: c_long) {
        // SAFETY: `getenv` with a NUL-terminated name, before any thread
        // exists; `mi_option_set` only stores the value.
        unsafe {
            if getenv(env_name.as_ptr()).is_null() {
                mi_option_set(option, value);
            }
        }
    }

    extern "C" fn configure() {
        set_default(c"MIMALLOC_ALLOW_LARGE_OS_PAGES", ALLOW_LARGE_OS_PAGES, 1);
        set_default(c"MIMALLOC_PURGE_DELAY", PURGE_DELAY, -1);
    }

    // Priority 100 runs before mimalloc's own constructor (101).
    #[used]
    #[link_section = ".init_array.00100"]
    static CONFIGURE: extern "C" fn() = configure;
}
