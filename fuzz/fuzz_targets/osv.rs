#![no_main]
//! See principal_engine::fuzzing::osv; crash inputs go to fuzz/regressions/osv/.
libfuzzer_sys::fuzz_target!(|data: &[u8]| principal_engine::fuzzing::osv(data));
