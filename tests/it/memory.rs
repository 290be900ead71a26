//! A global allocator that counts the bytes each thread holds, so a test can
//! show that a transfer's memory stays flat: its peak above where it started
//! is what the code under test held at once. A test on a current-thread
//! runtime runs the client (and hyper's connection tasks) on its own thread;
//! servers run on threads of their own, and do not count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting per thread.
pub struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn add(bytes: isize) {
    // `try_with`: a thread being torn down has no counters left, and that is fine.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + bytes;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every call is passed to the system allocator as is; only counters change.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        add(layout.size() as isize);
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        add(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Measures from now: the most this thread holds at once, above what it
/// holds now, until [`Watch::peak`].
pub struct Watch {
    start: isize,
}

impl Watch {
    /// Starts measuring.
    pub fn start() -> Self {
        let start = LIVE.with(Cell::get);
        PEAK.with(|peak| peak.set(start));
        Self { start }
    }

    /// The peak so far, in bytes above the start.
    pub fn peak(&self) -> usize {
        usize::try_from(PEAK.with(Cell::get) - self.start).unwrap_or(0)
    }

    /// What this thread holds now, in bytes above the start (negative when
    /// it freed more than it allocated since).
    pub fn held(&self) -> isize {
        LIVE.with(Cell::get) - self.start
    }
}

#[test]
fn the_counter_sees_a_large_allocation_and_its_release() {
    let watch = Watch::start();
    let big = vec![1u8; 8 << 20];
    assert!(watch.peak() >= 8 << 20, "{}", watch.peak());
    assert!(watch.held() >= 8 << 20, "{}", watch.held());
    drop(big);
    // Freed: what is held falls back to where it started, and the peak stays.
    assert!(watch.held() < 1 << 20, "{} bytes still counted after the release", watch.held());
    assert!(watch.peak() >= 8 << 20, "{}", watch.peak());
    // Memory another thread allocates is not this thread's.
    let other = std::thread::spawn(|| vec![1u8; 8 << 20]).join().unwrap();
    assert!(watch.held() < 1 << 20, "{}", watch.held());
    drop(other);
}
