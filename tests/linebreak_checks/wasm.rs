//! The committed plugin (layouts/linebreak.wasm), run by wasmi as Typst runs it, answers
//! what its source answers natively: `bulletin` runs the native code in its place
//! (typeset::plugins), so the two must give the same bytes for every call.

use bulletin_linebreak::set_paragraph_call;
use wasmi::{Caller, Engine, Linker, Module, Store, TypedFunc};

/// What the host hands the plugin and what the plugin sends back.
#[derive(Default)]
struct Call {
    args: Vec<u8>,
    output: Vec<u8>,
}

/// The committed plugin, loaded as Typst loads it.
struct Plugin {
    store: Store<Call>,
    set_paragraph: TypedFunc<(i32, i32, i32, i32, i32, i32), i32>,
}

impl Plugin {
    fn load() -> Self {
        let wasm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/layouts/linebreak.wasm"))
            .expect("layouts/linebreak.wasm");
        let engine = Engine::default();
        let module = Module::new(&engine, &wasm[..]).expect("a WebAssembly module");
        let mut linker = Linker::<Call>::new(&engine);
        linker
            .func_wrap(
                "typst_env",
                "wasm_minimal_protocol_write_args_to_buffer",
                |mut caller: Caller<Call>, ptr: u32| {
                    let memory = caller.get_export("memory").unwrap().into_memory().unwrap();
                    let args = std::mem::take(&mut caller.data_mut().args);
                    memory.write(&mut caller, ptr as usize, &args).expect("arguments written");
                },
            )
            .unwrap();
        linker
            .func_wrap(
                "typst_env",
                "wasm_minimal_protocol_send_result_to_host",
                |mut caller: Caller<Call>, ptr: u32, len: u32| {
                    let memory = caller.get_export("memory").unwrap().into_memory().unwrap();
                    let mut output = vec![0; len as usize];
                    memory.read(&caller, ptr as usize, &mut output).expect("result read");
                    caller.data_mut().output = output;
                },
            )
            .unwrap();
        let mut store = Store::new(&engine, Call::default());
        let instance = linker.instantiate_and_start(&mut store, &module).expect("instantiated");
        let set_paragraph = instance.get_typed_func(&store, "set_paragraph").expect("exported");
        Self { store, set_paragraph }
    }

    fn set_paragraph(&mut self, args: [&[u8]; 6]) -> Vec<u8> {
        self.store.data_mut().args = args.concat();
        let lengths = args.map(|arg| arg.len() as i32);
        let lengths = (lengths[0], lengths[1], lengths[2], lengths[3], lengths[4], lengths[5]);
        let code = self.set_paragraph.call(&mut self.store, lengths).expect("no trap");
        assert_eq!(code, 0);
        std::mem::take(&mut self.store.data_mut().output)
    }
}

fn floats(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// One call, both ways: the same bytes back.
fn assert_same(plugin: &mut Plugin, args: [&[u8]; 6]) -> Vec<u8> {
    let native = set_paragraph_call(args).into_bytes();
    let wasm = plugin.set_paragraph(args);
    assert_eq!(
        String::from_utf8_lossy(&wasm),
        String::from_utf8_lossy(&native),
        "for {:?}",
        String::from_utf8_lossy(args[0])
    );
    native
}

#[test]
fn the_committed_plugin_answers_what_its_source_answers_natively() {
    let mut plugin = Plugin::load();
    let mut rng = fastrand::Rng::with_seed(20261206);
    let hanging = "，。、；：？！”》）".as_bytes();
    let compressible = "，。、；：".as_bytes();
    let mut texts: Vec<String> = sample_paragraphs();
    assert!(texts.len() > 100, "the sample's paragraphs: {}", texts.len());
    for round in 0..3_000 {
        let len = rng.usize(0..if round % 100 == 0 { 2_000 } else { 120 });
        texts.push((0..len).map(|_| super::POOL[rng.usize(0..super::POOL.len())]).collect());
    }
    let mut lines = 0;
    for (i, text) in texts.iter().enumerate() {
        // The bulletin's settings, and now and then a measure no line fits.
        let measure = match i % 7 {
            0 => rng.f64() * 3.0,
            1 => -1.0,
            _ => 40.0 + 0.25 / 10.5,
        };
        let settings = floats(&[measure, 2.0, 0.25, 0.4, 0.5, 0.25]);
        let advances: Vec<f64> = (0..95).map(|_| rng.f64()).collect();
        let advances = floats(&advances);
        let args = [text.as_bytes(), &advances, &[], &settings, hanging, compressible];
        let mut answer = assert_same(&mut plugin, args);
        // What only Typst can measure is asked for; the second call gets the lines.
        if answer.starts_with(b"{\"measure\"") {
            let count = answer.iter().filter(|&&b| b == b']').count() - 1;
            let measured = floats(&vec![0.5; count]);
            let args = [text.as_bytes(), &advances, &measured, &settings, hanging, compressible];
            answer = assert_same(&mut plugin, args);
        }
        lines += usize::from(answer.starts_with(b"["));
    }
    assert!(lines > 2_000, "calls that set lines: {lines}");
}

/// Every paragraph of the sample issue.
fn sample_paragraphs() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/issues/2023-08/issue.toml");
    let issue: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut paragraphs = Vec::new();
    collect_strings(&issue, &mut paragraphs);
    paragraphs
}

fn collect_strings(value: &toml::Value, into: &mut Vec<String>) {
    match value {
        toml::Value::String(s) => into.push(s.clone()),
        toml::Value::Array(items) => items.iter().for_each(|item| collect_strings(item, into)),
        toml::Value::Table(table) => table.values().for_each(|item| collect_strings(item, into)),
        _ => {}
    }
}
