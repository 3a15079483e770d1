//! How messages name the sections and articles of an issue file: by number, then by the
//! name or title once it is read.

use crate::diag::Text;

/// How messages name section `index` (from 0), by its name once it has one.
pub(crate) fn section_name(index: usize, name: Option<&str>) -> Text {
    match name {
        Some(name) => Text::new("subject-section-named").arg("number", index + 1).arg("name", name),
        None => Text::new("subject-section").arg("number", index + 1),
    }
}

/// How messages name article `index` (from 0) of `section`, by the first 40 characters of
/// its title once it has one (invisible characters shown as �).
pub(crate) fn article_name(section: &Text, index: usize, title: Option<&str>) -> Text {
    let Some(title) = title else {
        return Text::new("subject-article").arg("number", index + 1).arg("section", section);
    };
    let short: String = title
        .chars()
        .take(40)
        .map(|c| if c.is_control() || ('\u{200E}'..='\u{206F}').contains(&c) { '�' } else { c })
        .collect();
    Text::new("subject-article-titled")
        .arg("title", short)
        .arg("number", index + 1)
        .arg("section", section)
}
