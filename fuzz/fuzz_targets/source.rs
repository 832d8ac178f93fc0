#![no_main]
//! See principal_engine::fuzzing::source; crash inputs go to fuzz/regressions/source/.
libfuzzer_sys::fuzz_target!(|data: &[u8]| principal_engine::fuzzing::source(data));
