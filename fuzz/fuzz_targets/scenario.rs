#![no_main]
//! See principal_engine::fuzzing::scenario; crash inputs go to fuzz/regressions/scenario/.
libfuzzer_sys::fuzz_target!(|data: &[u8]| principal_engine::fuzzing::scenario(data));
