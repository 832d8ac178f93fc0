#![no_main]
//! See principal_engine::fuzzing::mailmap; crash inputs go to fuzz/regressions/mailmap/.
libfuzzer_sys::fuzz_target!(|data: &[u8]| principal_engine::fuzzing::mailmap(data));
