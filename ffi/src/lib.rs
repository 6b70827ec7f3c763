//! C ABI of the Tallyfy Groups core.
