//! The layouts' WebAssembly plugins run as native code when they are the ones this
//! program was built with: the line breaker (`layouts/linebreak.wasm`, from
//! `plugins/linebreak`) is the same source compiled for this machine, so it gives the
//! same lines about twenty times faster than Typst's WebAssembly interpreter. A plugin
//! whose bytes differ (an older or edited copy in a project) runs as WebAssembly.

use typst::foundations::{Bytes, NativePluginFunc, register_native_plugins};

/// The line breaker as committed, which CI rebuilds from `plugins/linebreak` and
/// compares byte for byte.
const LINEBREAK_WASM: &[u8] = include_bytes!("../../layouts/linebreak.wasm");

/// Has Typst run the plugins this program knows natively; once per process, before any
/// plugin is loaded (a plugin loaded earlier keeps running as WebAssembly).
pub(crate) fn run_natively() {
    register_native_plugins(native);
}

/// The native implementation of `func` of the plugin `wasm`, if it is one of ours.
fn native(wasm: &[u8], func: &str) -> Option<NativePluginFunc> {
    match func {
        "set_paragraph" if wasm == LINEBREAK_WASM => Some(set_paragraph),
        _ => None,
    }
}

/// The line breaker's `set_paragraph`, on the six arguments the plugin takes; any other
/// number of arguments is left to the WebAssembly function, which reports the error.
fn set_paragraph(args: &[Bytes]) -> Option<Vec<u8>> {
    let [paragraph, advances, measured, settings, hanging, compressible] = args else {
        return None;
    };
    let args =
        [paragraph, advances, measured, settings, hanging, compressible].map(|arg| arg.as_slice());
    #[cfg(test)]
    tests::NATIVE_CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Some(bulletin_linebreak::set_paragraph_call(args).into_bytes())
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::typeset::engine::{Engine, EngineOptions, Lifetime};
    use crate::typeset::fonts::FontOptions;

    /// How often the native line breaker ran in this test process.
    pub(super) static NATIVE_CALLS: AtomicUsize = AtomicUsize::new(0);

    #[test]
    fn only_the_committed_line_breaker_runs_natively() {
        assert!(native(LINEBREAK_WASM, "set_paragraph").is_some());
        assert!(native(LINEBREAK_WASM, "to_measure").is_none());
        let mut edited = LINEBREAK_WASM.to_vec();
        *edited.last_mut().unwrap() ^= 1;
        assert!(native(&edited, "set_paragraph").is_none());
        let args = vec![Bytes::new(Vec::new()); 5];
        assert_eq!(set_paragraph(&args), None, "five arguments are the WebAssembly's error");
    }

    #[test]
    fn typesetting_runs_the_line_breaker_natively() {
        // A project of its own, with a paragraph no other test sets: Typst's cache, which
        // the tests of this process share, has no lines for it.
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let project = tempfile::tempdir().unwrap();
        crate::install::tree::copy(&repo.join("layouts"), &project.path().join("layouts")).unwrap();
        let issue = project.path().join("issues/2023-08");
        std::fs::create_dir_all(&issue).unwrap();
        let publication = repo.join("issues/publication.toml");
        std::fs::copy(publication, project.path().join("issues/publication.toml")).unwrap();
        let text = std::fs::read_to_string(repo.join("issues/2023-08/issue.toml")).unwrap();
        let text = text.replacen("paragraphs = [\n  \"", "paragraphs = [\n  \"本地断行测试。", 1);
        assert!(text.contains("本地断行测试"));
        std::fs::write(issue.join("issue.toml"), text).unwrap();
        let fonts = FontOptions { extra_paths: vec![repo.join("fonts")], system_fonts: false };
        let options = EngineOptions { fonts, ..EngineOptions::default() };

        let mut engine = Engine::open(&issue, &options, Lifetime::OneShot).unwrap();
        let before = NATIVE_CALLS.load(Ordering::Relaxed);
        let build = engine.rebuild().unwrap();
        assert!(build.document.pages().len() >= 20);
        let calls = NATIVE_CALLS.load(Ordering::Relaxed) - before;
        assert!(calls >= 1, "no paragraph was set natively");
    }
}
