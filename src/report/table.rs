//! A readable terminal table of an inventory: kind, id, provider, where.
//! Every value is [`shown`]: no terminal escape, carriage return or bidi
//! override from the repository reaches the terminal, and long ids are cut.

use std::fmt::Write;

use super::escape::shown;
use crate::bom::Inventory;

/// Renders one row per component, sorted by kind then identity key.
pub fn render(inv: &Inventory) -> String {
    let mut rows: Vec<[String; 4]> = inv
        .items
        .values()
        .map(|i| {
            let first = i
                .evidence
                .first()
                .map_or_else(String::new, |e| match e.line {
                    Some(l) => format!("{}:{l}", shown(&e.file)),
                    None => shown(&e.file).into_owned(),
                });
            let more = if i.evidence.len() > 1 {
                format!(" (+{} more)", i.evidence.len() - 1)
            } else {
                String::new()
            };
            [
                i.kind.as_str().to_string(),
                shown(&i.id).into_owned(),
                i.provider
                    .as_deref()
                    .map_or_else(|| "-".into(), |p| shown(p).into_owned()),
                format!("{first}{more}"),
            ]
        })
        .collect();
    rows.sort_by(|a, b| (&a[0], &a[1], &a[2]).cmp(&(&b[0], &b[1], &b[2])));
    let header = ["KIND", "ID", "PROVIDER", "WHERE"].map(String::from);
    let widths: Vec<usize> = (0..3)
        .map(|c| {
            rows.iter()
                .chain([&header])
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in std::iter::once(&header).chain(&rows) {
        for (c, w) in widths.iter().enumerate() {
            out.push_str(&r[c]);
            let pad = w.saturating_sub(r[c].chars().count()) + 2;
            out.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(&r[3]);
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\n{} components, {} warnings",
        inv.items.len(),
        inv.warnings.len()
    );
    out
}
