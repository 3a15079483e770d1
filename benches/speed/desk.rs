//! The desk's edit path: `bulletin serve` runs in this process on a copy of the sample; one
//! paragraph is edited again and again over HTTP, and each edit is timed from the save
//! leaving the client until the `rebuilt` event and until the PNG of every changed page
//! has arrived (asked for at once, as a browser does).

use std::path::Path;
use std::time::{Duration, Instant};

use bulletin::serve::{ServeOptions, start};
use serde_json::json;

use crate::measure::Stats;
use crate::report::Table;

#[path = "../../tests/serve_checks/client.rs"]
#[allow(dead_code)]
mod client;

use client::{Events, send};

/// The resolution the desk asks for on an ordinary screen.
const PPI: u32 = 96;

/// Edits one paragraph of the sample `edits` times through a desk serving a copy of it in
/// `work`.
pub fn edit_to_pages(repo: &Path, work: &Path, edits: usize, table: &mut Table) {
    let root = work.join("desk");
    let _ = std::fs::remove_dir_all(&root);
    copy(&repo.join("layouts"), &root.join("layouts"), false);
    copy(&repo.join("issues"), &root.join("issues"), false);
    copy(&repo.join("fonts"), &root.join("fonts"), true);
    let options =
        ServeOptions { target: Some(root.join("issues/2023-08")), ..ServeOptions::default() };
    let server = start(&options).expect("the desk starts");
    let addr = server.addr();
    let host = format!("127.0.0.1:{}", addr.port());
    let origin = format!("http://{host}");
    let get = |path: &str| send(addr, "GET", path, &[("Host", host.as_str())], b"");

    let mut events = Events::open(addr, "/api/issues/2023-08/events");
    let document = get("/api/issues/2023-08").json();
    let mut revision = document["revision"].as_str().expect("a revision").to_owned();
    let mut issue = document["issue"].clone();
    let patience = Duration::from_secs(120);
    events.wait_for("rebuilt", patience, |data| data["revision"] == revision.as_str());
    let original =
        issue["sections"][0]["articles"][0]["paragraphs"][1].as_str().expect("text").to_owned();

    let (mut to_rebuilt, mut to_pages, mut pages_per_edit) = (Vec::new(), Vec::new(), Vec::new());
    for edit in 0..edits {
        issue["sections"][0]["articles"][0]["paragraphs"][1] =
            json!(format!("{original}（第{edit}次修订）"));
        let body =
            json!({ "base_revision": revision, "client": "bench", "issue": issue }).to_string();
        let headers = [
            ("Host", host.as_str()),
            ("Origin", origin.as_str()),
            ("Content-Type", "application/json"),
        ];
        let start = Instant::now();
        let saved = send(addr, "PUT", "/api/issues/2023-08", &headers, body.as_bytes());
        assert_eq!(saved.status, 200, "{}", saved.text());
        revision = saved.json()["revision"].as_str().expect("a revision").to_owned();
        let rebuilt =
            events.wait_for("rebuilt", patience, |data| data["revision"] == revision.as_str());
        to_rebuilt.push(start.elapsed());
        let pages = rebuilt.data["pages"].as_array().expect("pages").clone();
        let changed: Vec<(u64, String)> = rebuilt.data["changed_pages"]
            .as_array()
            .expect("changed pages")
            .iter()
            .filter_map(|n| n.as_u64())
            .map(|n| {
                (n, pages[n as usize - 1]["fingerprint"].as_str().unwrap_or_default().to_owned())
            })
            .collect();
        std::thread::scope(|scope| {
            let fetches: Vec<_> = changed
                .iter()
                .map(|(n, fp)| {
                    let path = format!("/api/issues/2023-08/pages/{n}.png?fp={fp}&ppi={PPI}");
                    let get = &get;
                    scope.spawn(move || get(&path))
                })
                .collect();
            for fetch in fetches {
                let image = fetch.join().expect("the fetch ran");
                assert_eq!(image.status, 200, "a changed page's image");
            }
        });
        to_pages.push(start.elapsed());
        pages_per_edit.push(changed.len() as f64);
    }
    server.stop().expect("the desk stops");

    table.heading(&format!(
        "desk: one paragraph edited over HTTP ({edits} edits), in-process server on a copy of the sample"
    ));
    table.seconds(
        "  save sent → changed pages' PNGs received (96 ppi)",
        Stats::of_durations(&to_pages),
        Some(0.030),
    );
    table.note(&format!("p95 {:.0} ms", p95(&to_pages) * 1000.0));
    table.seconds("  of which save sent → `rebuilt` event", Stats::of_durations(&to_rebuilt), None);
    table.note(&format!("p95 {:.0} ms", p95(&to_rebuilt) * 1000.0));
    let pages = Stats::of(&pages_per_edit);
    table.note(&format!("changed pages per edit: median {}, max {}", pages.median, pages.max));
}

/// The 95th percentile, in seconds (nearest rank).
fn p95(samples: &[Duration]) -> f64 {
    let mut sorted: Vec<f64> = samples.iter().map(Duration::as_secs_f64).collect();
    sorted.sort_by(f64::total_cmp);
    let rank = ((0.95 * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Copies the folder `from` to `to`; files hard-linked when `link` (fonts), else copied.
fn copy(from: &Path, to: &Path, link: bool) {
    std::fs::create_dir_all(to).expect("folder created");
    for entry in std::fs::read_dir(from).expect("folder listed") {
        let entry = entry.expect("entry read");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy(&entry.path(), &target, link);
        } else if !link || std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target).expect("file copied");
        }
    }
}
