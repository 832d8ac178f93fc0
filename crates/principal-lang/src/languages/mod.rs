//! The languages added since the registry, one file each: the registry entry, the grammar's
//! node kinds and the import extraction.

pub mod kotlin;
pub mod lua;
pub mod php;
pub mod ruby;
pub mod scala;
pub mod shell;
pub mod swift;
