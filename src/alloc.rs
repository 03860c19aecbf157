//! The process's allocator: the system's while a run may be short, mimalloc's from the moment
//! a run is known to be long (`lint::expect_long_run`).
//!
//! Why two. Over many postings glibc's `malloc` and `free` were about a tenth of the time, and
//! a thread freeing another's blocks waited on that thread's arena lock. With mimalloc bulk
//! took 0.92–0.95 of the wall time (alternating whole runs), for a peak of 44–48 MB against
//! 40. A posting on its own (an editor's save) took 1.06–1.10 times as long with mimalloc,
//! which starts fresh pages for each size of block on each thread, where glibc serves a few
//! milliseconds' allocations from pages it has (see `main`'s `reserve_heap`). So a run starts
//! on the system's allocator and turns to mimalloc once it is known to be long.
//!
//! A block goes back to the allocator that gave it: before the turn nothing is mimalloc's, and
//! after it mimalloc's page map says whether a block is its own (a few loads, no lock).

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};

use libmimalloc_sys as mi;

/// `MI_MAX_ALIGN_SIZE`: as C's `malloc`, mimalloc's plain calls give a block of `size` bytes
/// the alignment of any type that fits in it, up to this.
const MIN_ALIGN: usize = 16;

/// Whether a block of `size` bytes aligned to `align` can come from mimalloc's plain calls,
/// whose path is shorter than the aligned ones' (over half of bulk, 1.2% of a run's
/// instructions): the test the standard library makes before it calls `malloc`.
fn plain(align: usize, size: usize) -> bool {
    align <= MIN_ALIGN && align <= size
}

/// Set once, never cleared: a block mimalloc gave can only exist once this is set.
static LONG_RUN: AtomicBool = AtomicBool::new(false);

/// The allocator `main` installs. Library users (tests, embedders) keep their own; for them
/// `use_for_long_run` sets a flag nothing reads.
pub struct RunAllocator;

/// Allocates from mimalloc from now on (blocks already given go back to the system's). Only
/// the first call does anything: a run can be found long more than once (a test process runs
/// many), and mimalloc's options are not to be set while it serves other threads.
pub fn use_for_long_run() {
    static TURN: std::sync::Once = std::sync::Once::new();
    TURN.call_once(turn);
}

fn turn() {
    // mimalloc advises transparent huge pages for its arenas only where it is asked to (built
    // without), but a kernel set to give them always backs each arena's touched 2 MB with one:
    // bulk's peak went from 50 to 82-92 MB, for no time saved. Off for the process from here.
    #[cfg(target_os = "linux")]
    // SAFETY: sets a flag of this process's memory map; it takes no pointers.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    // Pages that empty go back to the system after 10 ms, not mimalloc's default second: a
    // run over ten copies of bulk had peaked at 1.13-1.21 times bulk's memory, at 1.04-1.07
    // with this (six pairs of runs), in the same time (bulk 1.008 side by side).
    // SAFETY: sets an option before mimalloc serves this process; it takes no pointers.
    unsafe { mi::mi_option_set(PURGE_DELAY, 10) };
    LONG_RUN.store(true, Ordering::Relaxed);
}

/// `mi_option_purge_delay` in `mimalloc.h`'s `mi_option_e` (milliseconds; the crate does not
/// name it). A test reads its default, one second, to hold the number to the name.
const PURGE_DELAY: mi::mi_option_t = 15;

fn long_run() -> bool {
    // Relaxed is enough: a block reaches another thread only through something that orders
    // memory (a channel, a lock, a spawn), which carries the flag's store with it.
    LONG_RUN.load(Ordering::Relaxed)
}

/// Whether mimalloc gave `ptr`.
fn from_mimalloc(ptr: *mut u8) -> bool {
    // SAFETY: the page map lookup reads no memory at `ptr`; it answers false for any pointer
    // mimalloc did not give, including before mimalloc has started.
    long_run() && unsafe { mi::mi_is_in_heap_region(ptr as *const c_void) }
}

// SAFETY: each call goes to one allocator, and every block goes back to the one that gave it
// (`from_mimalloc`), which holds each allocator's own contract.
unsafe impl GlobalAlloc for RunAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if long_run() {
            if plain(layout.align(), layout.size()) {
                return unsafe { mi::mi_malloc(layout.size()) as *mut u8 };
            }
            unsafe { mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8 }
        } else {
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if long_run() {
            if plain(layout.align(), layout.size()) {
                return unsafe { mi::mi_zalloc(layout.size()) as *mut u8 };
            }
            unsafe { mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8 }
        } else {
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if from_mimalloc(ptr) {
            unsafe { mi::mi_free(ptr as *mut c_void) }
        } else {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A block grows where it was given: a vector the run started keeps to the system's.
        if from_mimalloc(ptr) {
            if plain(layout.align(), new_size) {
                return unsafe { mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8 };
            }
            unsafe {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        } else {
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The purge delay as mimalloc starts: every test here reads it before it turns (the
    /// tests share the process, and the turn cannot be undone).
    fn purge_delay_before_the_turn() -> std::ffi::c_long {
        static BEFORE: std::sync::OnceLock<std::ffi::c_long> = std::sync::OnceLock::new();
        // SAFETY: reads an option; no pointers.
        *BEFORE.get_or_init(|| unsafe { mi::mi_option_get(PURGE_DELAY) })
    }

    /// `PURGE_DELAY` is mimalloc's purge delay: its default is one second (no other option
    /// defaults to 1000), and the turn sets it to 10 ms.
    #[test]
    fn the_purge_delay_is_the_option_set_at_the_turn() {
        assert_eq!(purge_delay_before_the_turn(), 1000);
        use_for_long_run();
        assert_eq!(unsafe { mi::mi_option_get(PURGE_DELAY) }, 10);
    }

    /// After the turn, every layout gets a block aligned as it asks, through the plain calls
    /// (up to 16) or the aligned ones (past it, or a block smaller than its alignment).
    #[test]
    fn blocks_are_aligned_as_their_layouts_ask() {
        purge_delay_before_the_turn();
        use_for_long_run();
        let allocator = RunAllocator;
        for (size, align) in [
            (1, 1),
            (8, 8),
            (24, 8),
            (48, 16),
            (4, 16),
            (64, 32),
            (200, 64),
        ] {
            assert_eq!(plain(align, size), align <= 16 && align <= size);
            let layout = Layout::from_size_align(size, align).unwrap();
            unsafe {
                for zeroed in [false, true] {
                    let block = if zeroed {
                        allocator.alloc_zeroed(layout)
                    } else {
                        allocator.alloc(layout)
                    };
                    assert!(from_mimalloc(block));
                    assert_eq!(block as usize % align, 0, "{size} bytes aligned to {align}");
                    if zeroed {
                        assert!(
                            std::slice::from_raw_parts(block, size)
                                .iter()
                                .all(|&b| b == 0)
                        );
                    }
                    let grown = allocator.realloc(block, layout, size * 3);
                    assert_eq!(grown as usize % align, 0, "grown to {} bytes", size * 3);
                    allocator.dealloc(grown, Layout::from_size_align(size * 3, align).unwrap());
                }
            }
        }
    }

    /// Blocks given before and after the turn go back to their own allocators, and a block
    /// grown after the turn keeps its bytes.
    #[test]
    fn blocks_go_back_to_the_allocator_that_gave_them() {
        purge_delay_before_the_turn();
        let allocator = RunAllocator;
        let layout = Layout::from_size_align(48, 8).unwrap();
        unsafe {
            // As given before the turn (the other test may have turned already).
            let before = System.alloc(layout);
            assert!(!before.is_null());
            before.write_bytes(7, 48);
            use_for_long_run();
            assert!(!from_mimalloc(before), "a system block is not mimalloc's");
            let after = allocator.alloc(layout);
            assert!(
                from_mimalloc(after),
                "a block given after the turn is mimalloc's"
            );
            let grown = allocator.realloc(before, layout, 4096);
            assert!(
                !from_mimalloc(grown),
                "a system block grows in the system's heap"
            );
            assert!(
                std::slice::from_raw_parts(grown, 48)
                    .iter()
                    .all(|&b| b == 7)
            );
            allocator.dealloc(grown, Layout::from_size_align(4096, 8).unwrap());
            allocator.dealloc(after, layout);
        }
    }
}
