//! The Typst plugin protocol (wasm-minimal-protocol): each export receives its
//! arguments' lengths, copies the arguments from the host into one buffer, and sends its
//! result back; 0 is success. Nothing here can panic on any input.

use crate::set_paragraph_call;

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

/// `set_paragraph(paragraph, advances, measured, settings, hanging, compressible)`:
/// answers what [`set_paragraph_call`] says.
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
    send(set_paragraph_call([
        argument(0),
        argument(1),
        argument(2),
        argument(3),
        argument(4),
        argument(5),
    ]))
}
