//! [`Grouped`]: items that belong to numbered groups (one per instruction),
//! kept in one vector with a 32-bit start per group, where a vector per
//! group would cost 24 bytes and an allocation for every instruction.

/// Groups `0..len()` of items; group `i` is `items[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone)]
pub struct Grouped<T> {
    items: Vec<T>,
    /// One more entry than there are groups; the first is 0.
    starts: Vec<u32>,
}

impl<T> Default for Grouped<T> {
    fn default() -> Self {
        Grouped {
            items: Vec::new(),
            starts: vec![0],
        }
    }
}

impl<T> Grouped<T> {
    /// Room for `groups` groups and `items` items in all.
    pub fn with_capacity(groups: usize, items: usize) -> Self {
        let mut starts = Vec::with_capacity(groups + 1);
        starts.push(0);
        Grouped {
            items: Vec::with_capacity(items),
            starts,
        }
    }

    /// How many groups there are.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds group `index` with `items`; the groups before it that were
    /// not given are empty. Groups are given in increasing order (an
    /// `index` below [`Grouped::len`] is taken as the next group).
    pub fn push(&mut self, index: usize, items: impl IntoIterator<Item = T>) {
        debug_assert!(index >= self.len(), "group {index} given out of order");
        self.pad(index);
        self.items.extend(items);
        // Offsets fit 32 bits: an input is at most 64 MiB.
        self.starts.push(self.items.len() as u32);
    }

    /// Makes it `len` groups long (those not given are empty), the items
    /// at their exact size (see [`crate::exact`]).
    pub fn finish(mut self, len: usize) -> Self {
        self.pad(len);
        self.items = crate::exact::slice(self.items).into_vec();
        self
    }

    /// Empty groups up to (not including) group `index`.
    fn pad(&mut self, index: usize) {
        let end = self.items.len() as u32;
        while self.len() < index {
            self.starts.push(end);
        }
    }

    /// The items of group `index` (none for a group past the end).
    pub fn get(&self, index: usize) -> &[T] {
        match (self.starts.get(index), self.starts.get(index + 1)) {
            (Some(&start), Some(&end)) => &self.items[start as usize..end as usize],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_not_given_are_empty() {
        let mut grouped = Grouped::with_capacity(6, 4);
        grouped.push(1, ["a", "b"]);
        grouped.push(2, []);
        grouped.push(4, ["c"]);
        let grouped = grouped.finish(6);
        assert_eq!(grouped.len(), 6);
        let groups: Vec<&[&str]> = (0..7).map(|i| grouped.get(i)).collect();
        assert_eq!(groups, [&[][..], &["a", "b"], &[], &[], &["c"], &[], &[]]);
        assert!(Grouped::<u8>::default().finish(0).is_empty());
    }
}
