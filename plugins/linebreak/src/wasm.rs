//! The Typst plugin protocol (wasm-minimal-protocol): each export receives its
//! arguments' lengths, copies the arguments from the host into one buffer, and sends its
//! result back; 0 is success. Nothing here can panic on any input.

use crate::{floats, set_paragraph_json, Settings};

#[link(wasm_import_module = "typst_env")]
extern "C" {
    fn wasm_minimal_protocol_write_args_to_buffer(ptr: *mut u8);
    fn wasm_minimal_protocol_send_result_to_host(ptr: *const u8, len: usize);
}

/// The arguments, whose lengths are `lengths`, in one buffer the host fills; read in
/// place (zeroing or copying it would cost an interpreter a loop over every byte).
fn arguments(lengths: &[usize]) -> (Vec<u8>, Vec<(usize, usize)>) {
    let total: usize = lengths.iter().sum();
    let mut buffer: Vec<u8> = Vec::with_capacity(total);
    // SAFETY: the host writes exactly the `total` bytes of the arguments at the pointer,
    // which has room for them; only then is the length set.
    unsafe {
        wasm_minimal_protocol_write_args_to_buffer(buffer.as_mut_ptr());
        buffer.set_len(total);
    }
    let mut ranges = Vec::with_capacity(lengths.len());
    let mut at = 0;
    for &len in lengths {
        ranges.push((at, at + len));
        at += len;
    }
    (buffer, ranges)
}

fn send(result: String) -> i32 {
    let bytes = result.into_bytes();
    unsafe { wasm_minimal_protocol_send_result_to_host(bytes.as_ptr(), bytes.len()) };
    0
}

/// The argument as text; invalid UTF-8 (which Typst never sends) is read as nothing.
fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or("")
}

/// `set_paragraph(paragraph, advances, measured, settings, hanging, compressible)`:
/// floats as little-endian f64; settings are measure, indent, latin gap, tight line,
/// tight hung line and comma shrink. Answers what [`set_paragraph_json`] says: the
/// lines, or (when `measured` is empty) the texts to measure first.
#[no_mangle]
pub extern "C" fn set_paragraph(
    paragraph: usize,
    advances: usize,
    measured: usize,
    settings: usize,
    hanging: usize,
    compressible: usize,
) -> i32 {
    let lengths = [paragraph, advances, measured, settings, hanging, compressible];
    let (buffer, ranges) = arguments(&lengths);
    let argument = |i: usize| &buffer[ranges[i].0..ranges[i].1];
    let s = text(argument(0));
    let advances = floats(argument(1));
    let measured = floats(argument(2));
    let values = floats(argument(3));
    let value = |i: usize| values.get(i).copied().unwrap_or(0.0);
    let settings = Settings {
        measure: value(0),
        indent: value(1),
        latin_gap: value(2),
        tight_line: value(3),
        tight_hung_line: value(4),
        comma_shrink: value(5),
        hanging: text(argument(4)).to_owned(),
        compressible: text(argument(5)).to_owned(),
    };
    send(set_paragraph_json(s, &advances, &measured, &settings))
}
