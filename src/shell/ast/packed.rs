//! [`Packed`]: a word's span and [`Layout`] in one pointer, so that a word
//! is 32 bytes instead of 48 (a file can hold hundreds of thousands of
//! words). As an enum it takes two words and the span a third: a `Box` has
//! only one spare value (null) for the enum's other variants to use.

use super::{General, Layout, Quote};
use crate::span::Span;
use std::marker::PhantomData;
use std::num::NonZeroUsize;
use std::ptr::NonNull;

/// Either a `Box<General>` (a pointer, so its lowest bit is clear; the
/// general form keeps its span) or, with the lowest bit set, an inline
/// layout: its kind in the next three bits, then how far a plain word's
/// text starts into its span (0 to 3: `'`, `"`, `\`, `$'`), the span's
/// length (26 bits: up to 64 MiB) and its start (32 bits). A word whose
/// span or offset does not fit is given the general form.
pub(super) struct Packed {
    bits: NonNull<General>,
    /// For the drop checker and auto traits: a `Packed` may own a box.
    owns: PhantomData<Box<General>>,
}

const _: () = assert!(std::mem::align_of::<General>() >= 2);

const INLINE: u64 = 1;
const KIND_SHIFT: u32 = 1;
const PREFIX_SHIFT: u32 = 4;
const PREFIX_BITS: u32 = 2;
const LEN_SHIFT: u32 = 6;
const LEN_BITS: u32 = 26;
const START_SHIFT: u32 = 32;
const BARE: usize = 0;
const SYNTHETIC: usize = 1;
const PLAIN_NONE: usize = 2;
const PLAIN_SINGLE: usize = 3;
const PLAIN_DOUBLE: usize = 4;
const PARAMETER: usize = 5;
const QUOTED_PARAMETER: usize = 6;

const fn mask(bits: u32) -> u64 {
    (1 << bits) - 1
}

// SAFETY: a `Packed` is a `Box<General>` or a number; `General` is `Send`
// and `Sync`, so a box of it is.
unsafe impl Send for Packed {}
// SAFETY: as above.
unsafe impl Sync for Packed {}

impl Packed {
    /// An inline layout of `kind` for a word written at `span` whose text
    /// starts `prefix` bytes in, or `None` when it does not fit.
    fn inline(kind: usize, span: Span, prefix: usize) -> Option<Packed> {
        let len = span.len() as u64;
        if prefix as u64 > mask(PREFIX_BITS) || len > mask(LEN_BITS) {
            return None;
        }
        let bits = ((span.start() as u64) << START_SHIFT)
            | (len << LEN_SHIFT)
            | ((prefix as u64) << PREFIX_SHIFT)
            | ((kind as u64) << KIND_SHIFT)
            | INLINE;
        // (On a 32-bit target no inline layout fits: every word is general.)
        let bits = NonZeroUsize::new(usize::try_from(bits).ok()?)?;
        Some(Packed {
            bits: NonNull::without_provenance(bits),
            owns: PhantomData,
        })
    }

    /// A word with no parts written at `span`.
    pub(super) fn bare(span: Span) -> Option<Packed> {
        Packed::inline(BARE, span, 0)
    }

    /// A word not written as such, standing at `span`.
    pub(super) fn synthetic(span: Span) -> Option<Packed> {
        Packed::inline(SYNTHETIC, span, 0)
    }

    /// A plain word written at `span` whose text starts at `at` (in it).
    pub(super) fn plain(span: Span, at: usize, quote: Quote) -> Option<Packed> {
        let kind = match quote {
            Quote::None => PLAIN_NONE,
            Quote::Single => PLAIN_SINGLE,
            Quote::Double => PLAIN_DOUBLE,
        };
        Packed::inline(kind, span, at.checked_sub(span.start())?)
    }

    /// A word that is one parameter expansion (`$X`, or `"$X"` when
    /// `quoted`) written at `span`, its text starting at `at`.
    pub(super) fn parameter(span: Span, at: usize, quoted: bool) -> Option<Packed> {
        let kind = if quoted { QUOTED_PARAMETER } else { PARAMETER };
        Packed::inline(kind, span, at.checked_sub(span.start())?)
    }

    /// The same inline layout for a word now written at `span`, its text
    /// starting at `at`; `None` for the general form or when it does not
    /// fit.
    pub(super) fn moved(&self, span: Span, at: usize) -> Option<Packed> {
        if !self.is_inline() {
            return None;
        }
        Packed::inline(self.fields().0, span, at.checked_sub(span.start())?)
    }

    pub(super) fn general(general: Box<General>) -> Packed {
        Packed {
            // SAFETY: `Box::into_raw` never returns null.
            bits: unsafe { NonNull::new_unchecked(Box::into_raw(general)) },
            owns: PhantomData,
        }
    }

    fn is_inline(&self) -> bool {
        self.bits.addr().get() & INLINE as usize != 0
    }

    /// The fields of an inline layout: kind, prefix and span.
    fn fields(&self) -> (usize, usize, Span) {
        let bits = self.bits.addr().get() as u64;
        let start = (bits >> START_SHIFT) as usize;
        let len = ((bits >> LEN_SHIFT) & mask(LEN_BITS)) as usize;
        let prefix = ((bits >> PREFIX_SHIFT) & mask(PREFIX_BITS)) as usize;
        let kind = ((bits >> KIND_SHIFT) & 0b111) as usize;
        (kind, prefix, Span::new(start, start + len))
    }

    /// Where the word is written, quotes included.
    pub(super) fn span(&self) -> Span {
        match self.get() {
            Layout::General(general) => general.span,
            _ => self.fields().2,
        }
    }

    pub(super) fn get(&self) -> Layout<'_> {
        if !self.is_inline() {
            // SAFETY: not inline, so `bits` is the pointer of a live
            // `Box<General>` this `Packed` owns; the borrow is tied to
            // `self`.
            return Layout::General(unsafe { self.bits.as_ref() });
        }
        let (kind, prefix, span) = self.fields();
        let at = span.start() + prefix;
        match kind {
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
            PARAMETER => Layout::Parameter { at, quoted: false },
            QUOTED_PARAMETER => Layout::Parameter { at, quoted: true },
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
        self.get() == other.get() && self.span() == other.span()
    }
}

impl Eq for Packed {}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Packed")
            .field(&self.get())
            .field(&self.span())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Part, PartKind, Pieces};
    use super::*;

    fn general(at: u32) -> Box<General> {
        Box::new(General {
            span: Span::new(4, 9),
            pieces: Pieces::One((0, at)),
            parts: Box::new([Part::new(PartKind::Parameter, Quote::Double, 0, 2)]),
            substitutions: Box::new([]),
        })
    }

    #[test]
    fn reads_back_what_it_packs() {
        assert_eq!(std::mem::size_of::<Packed>(), std::mem::size_of::<usize>());
        for span in [
            Span::new(0, 0),
            Span::new(7, 12),
            Span::new(u32::MAX as usize, u32::MAX as usize),
        ] {
            let bare = Packed::bare(span).unwrap();
            assert_eq!((bare.get(), bare.span()), (Layout::Bare, span));
            let synthetic = Packed::synthetic(span).unwrap();
            assert_eq!(
                (synthetic.get(), synthetic.span()),
                (Layout::Synthetic, span)
            );
        }
        for quote in [Quote::None, Quote::Single, Quote::Double] {
            for (start, prefix, len) in [
                (0, 0, 0),
                (1, 1, 77),
                (u32::MAX as usize - (1 << 26), 3, (1 << 26) - 1),
            ] {
                let span = Span::new(start, start + len);
                let at = start + prefix;
                let packed = Packed::plain(span, at, quote).unwrap();
                assert_eq!(packed.get(), Layout::Plain { at, quote });
                assert_eq!(packed.span(), span);
            }
        }
        for quoted in [false, true] {
            let span = Span::new(10, 16);
            let packed = Packed::parameter(span, 10 + usize::from(quoted), quoted).unwrap();
            let at = 10 + usize::from(quoted);
            assert_eq!(
                (packed.get(), packed.span()),
                (Layout::Parameter { at, quoted }, span)
            );
            let moved = packed.moved(Span::new(20, 26), 21).unwrap();
            let layout = Layout::Parameter { at: 21, quoted };
            assert_eq!((moved.get(), moved.span()), (layout, Span::new(20, 26)));
        }
        let packed = Packed::general(general(5));
        assert_eq!(packed.get(), Layout::General(&general(5)));
        assert_eq!(packed.span(), Span::new(4, 9));
        assert!(packed.moved(Span::new(4, 9), 4).is_none());
    }

    #[test]
    fn what_does_not_fit_is_not_packed() {
        let long = Span::new(3, 3 + (1 << 26));
        assert!(Packed::plain(long, 3, Quote::None).is_none());
        assert!(Packed::bare(long).is_none());
        assert!(Packed::synthetic(long).is_none());
        let span = Span::new(10, 20);
        assert!(Packed::plain(span, 14, Quote::Single).is_none());
        assert!(Packed::plain(span, 9, Quote::Single).is_none());
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
        let span = Span::new(3, 8);
        assert!(
            Packed::plain(span, 3, Quote::None)
                .unwrap()
                .general_mut()
                .is_none()
        );
        let plain = Packed::plain(span, 4, Quote::Double).unwrap();
        assert_eq!(plain.clone(), plain);
        assert_ne!(plain, Packed::plain(span, 4, Quote::Single).unwrap());
        assert_ne!(plain, Packed::plain(span, 3, Quote::Double).unwrap());
        assert_ne!(
            plain,
            Packed::plain(Span::new(3, 9), 4, Quote::Double).unwrap()
        );
    }
}
