//! The layouts' WebAssembly plugins run as native code when they are the ones this
//! program was built with: the line breaker (`layouts/linebreak.wasm`, from
//! `plugins/linebreak`) is the same source compiled for this machine, so it gives the
//! same lines about twenty times faster than Typst's WebAssembly interpreter. A plugin
//! whose bytes differ (an older or edited copy in a project) runs as WebAssembly.

use typst::foundations::{Bytes, NativePluginFunc, NativePlugins, register_native_plugins};

/// The line breaker as committed, which CI rebuilds from `plugins/linebreak` and
/// compares byte for byte.
const LINEBREAK_WASM: &[u8] = include_bytes!("../../layouts/linebreak.wasm");

/// Has Typst run the plugins this program knows natively; once per process, before any
/// plugin is loaded (a plugin loaded earlier keeps running as WebAssembly). Typst then
/// loads a known plugin without compiling it or making an instance of it (about 2 ms of
/// a cold build), which only a call that reaches WebAssembly needs.
pub(crate) fn run_natively() {
    register_native_plugins(NativePlugins { knows, find: native });
}

/// Whether `wasm` is a plugin this program has native functions for.
fn knows(wasm: &[u8]) -> bool {
    wasm == LINEBREAK_WASM
}

/// The native implementation of `func` of the plugin `wasm`, if it is one of ours.
fn native(wasm: &[u8], func: &str) -> Option<NativePluginFunc> {
    match func {
        "set_paragraph" if knows(wasm) => Some(set_paragraph),
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
        assert!(knows(LINEBREAK_WASM) && !knows(&edited), "only the committed bytes are known");
        let args = vec![Bytes::new(Vec::new()); 5];
        assert_eq!(set_paragraph(&args), None, "five arguments are the WebAssembly's error");
    }

    /// A project of its own in a temporary folder: the repository's layouts, fonts and
    /// sample issue, whose first paragraph starts with `opening`, and `main` as the
    /// layouts' entry file if given. Returns the folder and the engine's options.
    fn project(opening: &str, main: Option<&str>) -> (tempfile::TempDir, EngineOptions) {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let project = tempfile::tempdir().unwrap();
        crate::install::tree::copy(&repo.join("layouts"), &project.path().join("layouts")).unwrap();
        if let Some(main) = main {
            std::fs::write(project.path().join("layouts/main.typ"), main).unwrap();
        }
        let issue = project.path().join("issues/2023-08");
        std::fs::create_dir_all(&issue).unwrap();
        let publication = repo.join("issues/publication.toml");
        std::fs::copy(publication, project.path().join("issues/publication.toml")).unwrap();
        let text = std::fs::read_to_string(repo.join("issues/2023-08/issue.toml")).unwrap();
        let opened = format!("paragraphs = [\n  \"{opening}");
        let text = text.replacen("paragraphs = [\n  \"", &opened, 1);
        assert!(text.contains(opening));
        std::fs::write(issue.join("issue.toml"), text).unwrap();
        let fonts = FontOptions { extra_paths: vec![repo.join("fonts")], system_fonts: false };
        (project, EngineOptions { fonts, ..EngineOptions::default() })
    }

    #[test]
    fn typesetting_runs_the_line_breaker_natively() {
        // A paragraph no other test sets: Typst's cache, which the tests of this process
        // share, has no lines for it.
        let (project, options) = project("本地断行测试。", None);
        let issue = project.path().join("issues/2023-08");

        let mut engine = Engine::open(&issue, &options, Lifetime::OneShot).unwrap();
        let before = NATIVE_CALLS.load(Ordering::Relaxed);
        let build = engine.rebuild().unwrap();
        assert!(build.document.pages().len() >= 20);
        let calls = NATIVE_CALLS.load(Ordering::Relaxed) - before;
        assert!(calls >= 1, "no paragraph was set natively");
    }

    #[test]
    fn a_known_plugin_still_runs_as_webassembly_when_a_call_needs_it() {
        // Typst loads the known line breaker without compiling or instantiating it. A
        // plugin made by a transition never runs natively, so its calls need both, made
        // on the spot; they must answer as the native function does.
        let main = r#"
#import "theme.typ": hanging
#import "lines.typ": breaker, settings, compressible, latin-advances
#context {
  let args = (bytes("WebAssembly 断行测试，English words 与数字 2023。"), latin-advances(),
    bytes(()), settings, bytes(hanging), bytes(compressible))
  let native = breaker.set_paragraph(..args)
  let moved = plugin.transition(breaker.set_paragraph, ..args)
  assert.eq(native, moved.set_paragraph(..args))
  assert(str(native).starts-with("["))
  str(native)
}
"#;
        let (project, options) = project("WebAssembly 断行测试。", Some(main));
        let issue = project.path().join("issues/2023-08");
        let mut engine = Engine::open(&issue, &options, Lifetime::OneShot).unwrap();
        let build = engine.rebuild().unwrap();
        assert_eq!(build.document.pages().len(), 1);
    }
}
