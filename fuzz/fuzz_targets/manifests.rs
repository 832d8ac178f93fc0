#![no_main]
//! See principal_engine::fuzzing::manifests; crash inputs go to fuzz/regressions/manifests/.
libfuzzer_sys::fuzz_target!(|data: &[u8]| principal_engine::fuzzing::manifests(data));
