//! Buffers a thread keeps from call to call, for work done thousands of times a run that
//! would otherwise allocate its scratch space each time.

use std::cell::Cell;
use std::thread::LocalKey;

/// Runs `work` with the value `key` holds for this thread, and puts it back after. It is
/// taken out while in use, so a nested call (the same work asked again from inside `work`)
/// gets a fresh default of its own rather than a buffer in use. `work` clears what it must.
#[inline]
pub fn with_kept<T: Default, R>(
    key: &'static LocalKey<Cell<T>>,
    work: impl FnOnce(&mut T) -> R,
) -> R {
    let mut value = key.take();
    let result = work(&mut value);
    key.set(value);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static KEPT: Cell<Vec<u32>> = const { Cell::new(Vec::new()) };
    }

    #[test]
    fn a_buffer_is_kept_between_calls_and_a_nested_call_gets_its_own() {
        let capacity = with_kept(&KEPT, |buffer| {
            buffer.extend([1, 2, 3]);
            // Nested: the outer buffer is in use, so this one starts empty.
            let nested = with_kept(&KEPT, |inner| {
                inner.push(9);
                inner.clone()
            });
            assert_eq!(nested, [9]);
            buffer.clear();
            buffer.capacity()
        });
        // The outer buffer was put back last: its room is what the next call finds.
        with_kept(&KEPT, |buffer| {
            assert!(buffer.is_empty());
            assert_eq!(buffer.capacity(), capacity);
        });
    }
}
