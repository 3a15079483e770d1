//! The event stream of an issue (docs/desk-api.md §8): `hello`, the latest `rebuilt` and
//! who is there on connect, then saves, reloads, builds, exports, review changes, who comes, goes and is
//! in which article, and archive changes as they happen,
//! each in the stream's language; a comment every 15 s; ends when the server stops.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use tokio::sync::watch;
use tokio_stream::wrappers::{BroadcastStream, WatchStream};
use tokio_stream::{Stream, StreamExt};

use crate::diag::Lang;
use crate::serve::app::App;
use crate::serve::desk::{Desk, DeskEvent};
use crate::serve::protocol::{
    BuildingEvent, Hello, PresenceEvent, ReloadedEvent, ReviewEvent, SavedEvent,
};

/// What a stream carries: an event, or the server stopping.
enum Item {
    Send(Event),
    Skip,
    Stop,
}

/// The stream of `desk`'s events in `lang` for tab `client` of `name`, ended by
/// `shutdown`.
pub(crate) fn stream(
    app: &App,
    desk: Arc<Desk>,
    lang: Lang,
    shutdown: watch::Receiver<bool>,
    (client, name): (Option<String>, String),
) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    // Subscribe first, so that nothing happening meanwhile is missed.
    let events = BroadcastStream::new(desk.events.subscribe());
    let people = BroadcastStream::new(desk.presence.subscribe());
    // The issue counts as open, and the tab as present, for as long as the stream is.
    let stay = desk.presence.enter(client, name);
    let archive = BroadcastStream::new(app.archive_events.subscribe());
    // The keys are the opening's: a tab that saw another opening fetches the document.
    let instance = format!("{}-{}", app.instance, desk.opening);
    let hello = Hello { revision: desk.revision(), issue: desk.id.clone(), instance };
    let mut first = vec![event("hello", &hello).retry(Duration::from_secs(3))];
    if let Some(status) = desk.status() {
        first.push(event("rebuilt", &status.answer(lang, &desk.site)));
    }
    first.push(event("presence", &PresenceEvent { people: desk.presence.people() }));
    let site = desk.site.clone();
    let events = events.map(move |item| {
        // Held by the stream, so dropped when the tab closes.
        let _open = &stay;
        match item {
            Ok(DeskEvent::Saved { revision, client }) => {
                Item::Send(event("saved", &SavedEvent { revision, client }))
            }
            Ok(DeskEvent::Reloaded { revision }) => {
                Item::Send(event("reloaded", &ReloadedEvent { revision, reason: "disk" }))
            }
            Ok(DeskEvent::Building { revision }) => {
                Item::Send(event("building", &BuildingEvent { revision }))
            }
            Ok(DeskEvent::Rebuilt(status)) => {
                Item::Send(event("rebuilt", &status.answer(lang, &site)))
            }
            Ok(DeskEvent::Exported(info)) => Item::Send(event("exported", &info)),
            Ok(DeskEvent::Review) => Item::Send(event("review", &ReviewEvent {})),
            // A slow reader missed some: the next `rebuilt` brings it up to date.
            Err(_) => Item::Skip,
        }
    });
    let people = people.map(|item| match item {
        Ok(people) => Item::Send(event("presence", &PresenceEvent { people })),
        Err(_) => Item::Skip,
    });
    let archive = archive.map(|item| match item {
        Ok(listing) => Item::Send(event("archive", &listing)),
        Err(_) => Item::Skip,
    });
    let stop =
        WatchStream::new(shutdown).map(|stopping| if stopping { Item::Stop } else { Item::Skip });
    let stream = tokio_stream::iter(first.into_iter().map(Item::Send))
        .chain(events.merge(people).merge(archive).merge(stop))
        .take_while(|item| !matches!(item, Item::Stop))
        .filter_map(|item| match item {
            Item::Send(event) => Some(Ok(event)),
            Item::Skip | Item::Stop => None,
        });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)).text("ping"))
}

/// An event named `name` carrying `data` as JSON.
fn event(name: &str, data: &impl serde::Serialize) -> Event {
    let data = serde_json::to_string(data).unwrap_or_else(|_| "null".to_owned());
    Event::default().event(name).data(data)
}
