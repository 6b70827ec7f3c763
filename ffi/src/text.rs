//! NUL-terminated copies of a handle's strings, kept in one allocation.

use std::ffi::c_char;

/// Strings stored one after another, each followed by a NUL byte. A string that itself
/// contains U+0000 is seen by C up to that NUL; its bytes are all kept.
#[derive(Debug, Default, Clone)]
pub(crate) struct TextBlock {
    bytes: Vec<u8>,
}

/// Where one string of a [`TextBlock`] starts, and its length in bytes (without the NUL).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Text {
    start: usize,
    len: usize,
}

impl TextBlock {
    /// An empty block with room for `bytes` bytes of strings and their NULs.
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        TextBlock { bytes: Vec::with_capacity(bytes) }
    }

    /// Appends `s` and its NUL. Pointers from [`TextBlock::ptr`] are only taken once the
    /// block is complete, so growing here never leaves one dangling.
    pub(crate) fn push(&mut self, s: &str) -> Text {
        let text = Text { start: self.bytes.len(), len: s.len() };
        self.bytes.extend_from_slice(s.as_bytes());
        self.bytes.push(0);
        text
    }

    /// The string `text` as it was pushed.
    pub(crate) fn get(&self, text: Text) -> &str {
        // Every string was pushed from a `&str`, so the bytes are UTF-8.
        std::str::from_utf8(&self.bytes[text.start..text.start + text.len]).unwrap_or_default()
    }

    /// The NUL-terminated string `text`, valid as long as the block.
    pub(crate) fn ptr(&self, text: Text) -> *const c_char {
        self.bytes[text.start..].as_ptr().cast()
    }
}

impl Text {
    /// The length in bytes, without the NUL.
    pub(crate) fn len(self) -> usize {
        self.len
    }
}

/// Bytes needed to store every string of `strings` with its NUL.
pub(crate) fn size_of_all<'a>(strings: impl IntoIterator<Item = &'a str>) -> usize {
    strings.into_iter().map(|s| s.len() + 1).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn strings_are_nul_terminated_and_kept_whole() {
        let mut block = TextBlock::with_capacity(size_of_all(["ab", "c\0d"]));
        let ab = block.push("ab");
        let cd = block.push("c\0d");
        // SAFETY: pointers into the live block, each NUL-terminated.
        let (ab_c, cd_c) = unsafe { (CStr::from_ptr(block.ptr(ab)), CStr::from_ptr(block.ptr(cd))) };
        assert_eq!(ab_c.to_bytes(), b"ab");
        assert_eq!(cd_c.to_bytes(), b"c");
        assert_eq!(cd.len(), 3);
        // SAFETY: the block holds `cd.len()` bytes from `ptr(cd)`.
        assert_eq!(unsafe { std::slice::from_raw_parts(block.ptr(cd).cast::<u8>(), cd.len()) }, b"c\0d");
    }
}
