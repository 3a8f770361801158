//! Fuzz target: the dossier loader and validator (`load_str`), on the
//! input as UTF-8 when it is, and lossily converted when it is not.
#![cfg_attr(feature = "libfuzzer", no_main)]

#[cfg(feature = "libfuzzer")]
libfuzzer_sys::fuzz_target!(|data: &[u8]| linkchart_fuzz::load(data));

#[cfg(not(feature = "libfuzzer"))]
fn main() {
    linkchart_fuzz::main_without_libfuzzer("load", linkchart_fuzz::load);
}
