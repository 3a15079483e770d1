//! The Typst plugin protocol (wasm-minimal-protocol): each export receives its
//! arguments' lengths, copies the arguments from the host into one buffer, and sends its
//! result back; 0 is success. Nothing here can panic on any input.

use crate::{floats, set_paragraph_json, Settings};

#[link(wasm_import_module = "typst_env")]
extern "C" {
    fn wasm_minimal_protocol_write_args_to_buffer(ptr: *mut u8);
    fn wasm_minimal_protocol_send_result_to_host(ptr: *const u8, len: usize);
}

/// The arguments, whose lengths are `lengths`, as one buffer cut into them.
fn arguments(lengths: &[usize]) -> Vec<Vec<u8>> {
    let total: usize = lengths.iter().sum();
    let mut buffer = vec![0u8; total];
    unsafe { wasm_minimal_protocol_write_args_to_buffer(buffer.as_mut_ptr()) };
    let mut out = Vec::new();
    let mut at = 0;
    for &len in lengths {
        out.push(buffer[at..at + len].to_vec());
        at += len;
    }
    out
}

fn send(result: String) -> i32 {
    let bytes = result.into_bytes();
    unsafe { wasm_minimal_protocol_send_result_to_host(bytes.as_ptr(), bytes.len()) };
    0
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
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
    let mut args = arguments(&lengths).into_iter();
    let mut next = || args.next().unwrap_or_default();
    let s = text(next());
    let advances = floats(&next());
    let measured = floats(&next());
    let values = floats(&next());
    let value = |i: usize| values.get(i).copied().unwrap_or(0.0);
    let settings = Settings {
        measure: value(0),
        indent: value(1),
        latin_gap: value(2),
        tight_line: value(3),
        tight_hung_line: value(4),
        comma_shrink: value(5),
        hanging: text(next()),
        compressible: text(next()),
    };
    send(set_paragraph_json(&s, &advances, &measured, &settings))
}
