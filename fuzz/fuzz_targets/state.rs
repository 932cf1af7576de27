#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| goenvhook_fuzz::state(data));
