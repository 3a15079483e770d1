//! `bulletin render`: typeset an issue and write one PNG per page.

use anyhow::Result;

use crate::cli::RenderArgs;
use crate::cmd::findings::print_findings;
use crate::diag::{Lang, Text, TextContext};
use crate::export::png::{
    Compression, encode_all, page_file_name, rasterize_all, remove_stale_pages,
};
use crate::issue::files::write_atomically;
use crate::typeset::engine::{Engine, Lifetime};
use crate::typeset::options::OutputOptions;

/// Writes `page-01.png`, `page-02.png`, … and prints where they went.
pub(crate) fn run(args: &RenderArgs, lang: Lang) -> Result<()> {
    let options = args.setup.engine_options(OutputOptions::default());
    let mut engine = Engine::open(&args.issue, &options, Lifetime::OneShot)?;
    let typeset = engine.rebuild()?;
    print_findings(&typeset.report, lang);
    let dir = match &args.output {
        Some(dir) => dir.clone(),
        None => engine.project().root.join("out").join(&typeset.issue.id),
    };
    std::fs::create_dir_all(&dir)
        .text_context(|| Text::new("folder-uncreatable").arg("dir", dir.display().to_string()))?;
    let images = rasterize_all(&typeset.document, args.ppi);
    let pngs = encode_all(&images, Compression::Fast)?;
    let names: Vec<String> = (1..=pngs.len()).map(|n| page_file_name(n, pngs.len())).collect();
    for (name, png) in names.iter().zip(&pngs) {
        write_atomically(&dir.join(name), png)?;
    }
    remove_stale_pages(&dir, &names.iter().map(String::as_str).collect::<Vec<_>>())?;
    let line = Text::new("render-wrote")
        .arg("count", pngs.len())
        .arg("dir", dir.display().to_string())
        .arg("ppi", args.ppi.to_string());
    println!("{}", line.render(lang));
    Ok(())
}
