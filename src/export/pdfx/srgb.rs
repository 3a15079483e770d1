//! PDF/X-4 allows ICC-based RGB but not device RGB against a CMYK output intent. Typst
//! writes device RGB where it means sRGB: images without a profile of their own, and the
//! blending space of its transparency groups. Both are tagged with an sRGB profile, so
//! they look as Typst meant them and the RIP converts them to the output condition.

use anyhow::{Result, anyhow};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use moxcms::ColorProfile;

/// Tags device RGB images and blending spaces with the sRGB profile; returns how many
/// objects were tagged.
pub fn tag_for_x4(doc: &mut Document) -> Result<usize> {
    let is_rgb = |o: &Object| o.as_name().ok() == Some(b"DeviceRGB".as_slice());
    // Images in DeviceRGB (None), or in a palette over it (Some(the palette)).
    let rgb: Vec<(ObjectId, Option<Vec<Object>>)> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let s = o.as_stream().ok()?;
            if s.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Image".as_slice()) {
                return None;
            }
            match s.dict.get(b"ColorSpace").ok()? {
                space if is_rgb(space) => Some((*id, None)),
                Object::Array(items)
                    if matches!(
                        items.first().and_then(|o| o.as_name().ok()),
                        Some(b"Indexed" | b"I")
                    ) && items.get(1).is_some_and(is_rgb) =>
                {
                    Some((*id, Some(items.clone())))
                }
                _ => None,
            }
        })
        .collect();
    // Pages and forms whose transparency group blends in DeviceRGB.
    let groups: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            let dict = match o {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &s.dict,
                _ => return false,
            };
            dict.get(b"Group")
                .ok()
                .and_then(|g| doc.dereference(g).ok())
                .and_then(|(_, g)| g.as_dict().ok())
                .and_then(|g| g.get(b"CS").ok())
                .is_some_and(is_rgb)
        })
        .map(|(id, _)| *id)
        .collect();
    if rgb.is_empty() && groups.is_empty() {
        return Ok(0);
    }
    let profile =
        ColorProfile::new_srgb().encode().map_err(|e| anyhow!("no sRGB profile ({e:?})"))?;
    let mut dict = Dictionary::new();
    dict.set("N", Object::Integer(3));
    dict.set("Alternate", Object::Name(b"DeviceRGB".to_vec()));
    let mut stream = Stream::new(dict, profile);
    stream.compress()?;
    let profile_id = doc.add_object(stream);
    let space =
        Object::Array(vec![Object::Name(b"ICCBased".to_vec()), Object::Reference(profile_id)]);
    for (id, palette) in &rgb {
        let tagged = match palette {
            None => space.clone(),
            Some(items) => {
                let mut items = items.clone();
                items[1] = space.clone();
                Object::Array(items)
            }
        };
        doc.get_object_mut(*id)?.as_stream_mut()?.dict.set("ColorSpace", tagged);
    }
    for id in &groups {
        let dict = match doc.get_object(*id)? {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        match dict.get(b"Group")? {
            Object::Reference(group) => {
                let group = *group;
                doc.get_dictionary_mut(group)?.set("CS", space.clone());
            }
            _ => {
                let dict = match doc.get_object_mut(*id)? {
                    Object::Dictionary(d) => d,
                    Object::Stream(s) => &mut s.dict,
                    _ => continue,
                };
                dict.get_mut(b"Group")?.as_dict_mut()?.set("CS", space.clone());
            }
        }
    }
    Ok(rgb.len() + groups.len())
}
