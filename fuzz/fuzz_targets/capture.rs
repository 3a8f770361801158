//! Fuzz target: capture's text edit (`export::capture::insert`) on any
//! text, for each kind of item.
#![cfg_attr(feature = "libfuzzer", no_main)]

#[cfg(feature = "libfuzzer")]
libfuzzer_sys::fuzz_target!(|data: &[u8]| linkchart_fuzz::capture(data));

#[cfg(not(feature = "libfuzzer"))]
fn main() {
    linkchart_fuzz::main_without_libfuzzer("capture", linkchart_fuzz::capture);
}
