//! [`Packed`]: a word's [`Layout`] in one pointer, so that a word is 40
//! bytes instead of 48 (a file can hold hundreds of thousands of words).
//! As an enum it takes two: a `Box` has only one spare value (null) for
//! the enum's other variants to use.

use super::{General, Layout, Quote};
use std::marker::PhantomData;
use std::num::NonZeroUsize;
use std::ptr::NonNull;

/// Either a `Box<General>` (a pointer, so its lowest bit is clear) or, with
/// the lowest bit set, an inline layout: its kind in the next three bits
/// and a plain word's offset in the rest.
pub(super) struct Packed {
    bits: NonNull<General>,
    /// For the drop checker and auto traits: a `Packed` may own a box.
    owns: PhantomData<Box<General>>,
}

const _: () = assert!(std::mem::align_of::<General>() >= 2);

const INLINE: usize = 1;
const KIND_SHIFT: u32 = 1;
const AT_SHIFT: u32 = 4;
const BARE: usize = 0;
const SYNTHETIC: usize = 1;
const PLAIN_NONE: usize = 2;
const PLAIN_SINGLE: usize = 3;
const PLAIN_DOUBLE: usize = 4;

// SAFETY: a `Packed` is a `Box<General>` or a number; `General` is `Send`
// and `Sync`, so a box of it is.
unsafe impl Send for Packed {}
// SAFETY: as above.
unsafe impl Sync for Packed {}

impl Packed {
    fn inline(kind: usize, at: usize) -> Packed {
        let bits = NonZeroUsize::new((at << AT_SHIFT) | (kind << KIND_SHIFT) | INLINE)
            .expect("the inline bit is set");
        Packed {
            bits: NonNull::without_provenance(bits),
            owns: PhantomData,
        }
    }

    pub(super) fn bare() -> Packed {
        Packed::inline(BARE, 0)
    }

    pub(super) fn synthetic() -> Packed {
        Packed::inline(SYNTHETIC, 0)
    }

    /// A plain layout, or `None` when `at` is too large to pack (the word
    /// is then given the general form).
    pub(super) fn plain(at: usize, quote: Quote) -> Option<Packed> {
        let kind = match quote {
            Quote::None => PLAIN_NONE,
            Quote::Single => PLAIN_SINGLE,
            Quote::Double => PLAIN_DOUBLE,
        };
        (at <= usize::MAX >> AT_SHIFT).then(|| Packed::inline(kind, at))
    }

    pub(super) fn general(general: Box<General>) -> Packed {
        Packed {
            // SAFETY: `Box::into_raw` never returns null.
            bits: unsafe { NonNull::new_unchecked(Box::into_raw(general)) },
            owns: PhantomData,
        }
    }

    fn is_inline(&self) -> bool {
        self.bits.addr().get() & INLINE != 0
    }

    pub(super) fn get(&self) -> Layout<'_> {
        if !self.is_inline() {
            // SAFETY: not inline, so `bits` is the pointer of a live
            // `Box<General>` this `Packed` owns; the borrow is tied to
            // `self`.
            return Layout::General(unsafe { self.bits.as_ref() });
        }
        let bits = self.bits.addr().get();
        let at = bits >> AT_SHIFT;
        match (bits >> KIND_SHIFT) & 0b111 {
            BARE => Layout::Bare,
            SYNTHETIC => Layout::Synthetic,
            PLAIN_NONE => Layout::Plain {
                at,
                quote: Quote::None,
            },
            PLAIN_SINGLE => Layout::Plain {
                at,
                quote: Quote::Single,
            },
            _ => Layout::Plain {
                at,
                quote: Quote::Double,
            },
        }
    }

    pub(super) fn general_mut(&mut self) -> Option<&mut General> {
        if self.is_inline() {
            return None;
        }
        // SAFETY: not inline, so `bits` is the pointer of a live
        // `Box<General>` this `Packed` owns, borrowed mutably through
        // `self`.
        Some(unsafe { self.bits.as_mut() })
    }
}

impl Drop for Packed {
    fn drop(&mut self) {
        if !self.is_inline() {
            // SAFETY: the pointer of the box this `Packed` owns, made by
            // `Box::into_raw` and dropped only here.
            drop(unsafe { Box::from_raw(self.bits.as_ptr()) });
        }
    }
}

impl Clone for Packed {
    fn clone(&self) -> Packed {
        match self.get() {
            Layout::General(general) => Packed::general(Box::new(general.clone())),
            _ => Packed {
                bits: self.bits,
                owns: PhantomData,
            },
        }
    }
}

impl PartialEq for Packed {
    fn eq(&self, other: &Packed) -> bool {
        self.get() == other.get()
    }
}

impl Eq for Packed {}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Part, PartKind, Pieces};
    use super::*;

    fn general(at: u32) -> Box<General> {
        Box::new(General {
            pieces: Pieces::One((0, at)),
            parts: Box::new([Part::new(PartKind::Parameter, Quote::Double, 0, 2)]),
            substitutions: Box::new([]),
        })
    }

    #[test]
    fn reads_back_what_it_packs() {
        assert_eq!(std::mem::size_of::<Packed>(), std::mem::size_of::<usize>());
        assert_eq!(Packed::bare().get(), Layout::Bare);
        assert_eq!(Packed::synthetic().get(), Layout::Synthetic);
        for quote in [Quote::None, Quote::Single, Quote::Double] {
            for at in [0, 1, 77, u32::MAX as usize, usize::MAX >> AT_SHIFT] {
                let packed = Packed::plain(at, quote).unwrap();
                assert_eq!(packed.get(), Layout::Plain { at, quote });
            }
        }
        let packed = Packed::general(general(5));
        assert_eq!(packed.get(), Layout::General(&general(5)));
    }

    #[test]
    fn an_offset_too_large_is_not_packed() {
        assert!(Packed::plain((usize::MAX >> AT_SHIFT) + 1, Quote::None).is_none());
        assert!(Packed::plain(usize::MAX, Quote::Single).is_none());
    }

    #[test]
    fn a_general_layout_is_owned() {
        let mut packed = Packed::general(general(5));
        let copy = packed.clone();
        packed.general_mut().unwrap().pieces = Pieces::One((0, 9));
        assert_eq!(packed.get(), Layout::General(&general(9)));
        assert_eq!(copy.get(), Layout::General(&general(5)));
        assert_ne!(packed, copy);
        assert_eq!(copy, Packed::general(general(5)));
        assert!(
            Packed::plain(3, Quote::None)
                .unwrap()
                .general_mut()
                .is_none()
        );
        let plain = Packed::plain(3, Quote::Double).unwrap();
        assert_eq!(plain.clone(), plain);
        assert_ne!(plain, Packed::plain(3, Quote::Single).unwrap());
        assert_ne!(plain, Packed::plain(4, Quote::Double).unwrap());
    }
}
