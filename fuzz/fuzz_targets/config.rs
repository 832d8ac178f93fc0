#![no_main]
//! See principal_engine::fuzzing::config; crash inputs go to fuzz/regressions/config/.
libfuzzer_sys::fuzz_target!(|data: &[u8]| principal_engine::fuzzing::config(data));
