#![no_main]
//! See principal_engine::fuzzing::lockfiles; crash inputs go to fuzz/regressions/lockfiles/.
libfuzzer_sys::fuzz_target!(|data: &[u8]| principal_engine::fuzzing::lockfiles(data));
