//! Compresses the print shop's output profile (color/FOGRA39-bulletin.icc) once, when
//! `bulletin` is compiled, as the PDF/X writer embeds it: zlib at its best level, the
//! way lopdf's `Stream::compress` does (the same flate2 backend, zlib-rs, so the bytes
//! are the same). A build then copies the compressed profile instead of compressing
//! 117 KB again in every process.

use std::io::Write as _;

fn main() {
    let source = "color/FOGRA39-bulletin.icc";
    println!("cargo:rerun-if-changed={source}");
    let profile = std::fs::read(source).expect("the output profile is in color/");
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&profile).expect("compressing in memory");
    let compressed = encoder.finish().expect("compressing in memory");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("FOGRA39-bulletin.icc.zlib"), compressed)
        .expect("the compressed profile is written to OUT_DIR");
}
