//! Fuzz target: the key notation of `render --keys` (`parse_keys`).
#![cfg_attr(feature = "libfuzzer", no_main)]

#[cfg(feature = "libfuzzer")]
libfuzzer_sys::fuzz_target!(|data: &[u8]| linkchart_fuzz::keys(data));

#[cfg(not(feature = "libfuzzer"))]
fn main() {
    linkchart_fuzz::main_without_libfuzzer("keys", linkchart_fuzz::keys);
}
